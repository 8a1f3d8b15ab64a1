"""Connects to an MCP server over HTTP with the official Python SDK (Streamable HTTP or the legacy
SSE transport), initializes, lists tools, calls one, and prints what it saw as one JSON object on
stdout. The bearer token comes from the BURNRATE_TOKEN environment variable, never the command line.

usage: mcp_http_client_check.py streamable|sse BASE_URL TOOL ARGUMENTS_JSON
"""

import asyncio
import contextlib
import json
import os
import sys

from mcp import ClientSession


def field(obj, snake, camel, default=None):
    """mcp 2.x names fields in snake_case, 1.x in camelCase; accept both."""
    return getattr(obj, snake, getattr(obj, camel, default))


@contextlib.asynccontextmanager
async def connect(transport, base, headers):
    if transport == "sse":
        from mcp.client.sse import sse_client

        async with sse_client(base + "/sse", headers=headers) as streams:
            yield streams[0], streams[1]
        return
    from mcp.client import streamable_http

    if hasattr(streamable_http, "streamable_http_client"):
        from mcp.shared._httpx_utils import create_mcp_http_client

        async with create_mcp_http_client(headers=headers) as http:
            async with streamable_http.streamable_http_client(base + "/mcp", http_client=http) as streams:
                yield streams[0], streams[1]
    else:
        async with streamable_http.streamablehttp_client(base + "/mcp", headers=headers) as streams:
            yield streams[0], streams[1]


async def check(transport, base, tool, arguments):
    headers = {"Authorization": "Bearer " + os.environ["BURNRATE_TOKEN"]}
    async with connect(transport, base, headers) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            listed = await session.list_tools()
            result = await session.call_tool(tool, arguments)
            return {
                "protocol_version": field(init, "protocol_version", "protocolVersion"),
                "server_name": field(init, "server_info", "serverInfo").name,
                "tools": [t.name for t in listed.tools],
                "call": {
                    "is_error": bool(field(result, "is_error", "isError", False)),
                    "structured": field(result, "structured_content", "structuredContent"),
                    "text": [c.text for c in getattr(result, "content", []) if c.type == "text"],
                },
            }


def main(argv):
    transport, base, tool, arguments = argv[1], argv[2], argv[3], json.loads(argv[4])
    print(json.dumps(asyncio.run(check(transport, base, tool, arguments)), sort_keys=True))


if __name__ == "__main__":
    main(sys.argv)
