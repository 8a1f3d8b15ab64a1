"""Starts an MCP server over stdio with the official Python SDK, initializes, lists tools, calls
one, and prints what it saw as one JSON object on stdout.

usage: mcp_client_check.py TOOL ARGUMENTS_JSON -- COMMAND [ARG ...]
"""

import asyncio
import json
import sys

from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client


def field(obj, snake, camel, default=None):
    """mcp 2.x names fields in snake_case, 1.x in camelCase; accept both."""
    return getattr(obj, snake, getattr(obj, camel, default))


async def check(tool, arguments, command, args):
    params = StdioServerParameters(command=command, args=args)
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            listed = await session.list_tools()
            result = await session.call_tool(tool, arguments)
            return {
                "protocol_version": field(init, "protocol_version", "protocolVersion"),
                "server_name": field(init, "server_info", "serverInfo").name,
                "tools": [t.name for t in listed.tools],
                "annotations": {
                    t.name: t.annotations.model_dump(exclude_none=True, by_alias=True) if t.annotations else None
                    for t in listed.tools
                },
                "call": {
                    "is_error": bool(field(result, "is_error", "isError", False)),
                    "structured": field(result, "structured_content", "structuredContent"),
                    "text": [c.text for c in getattr(result, "content", []) if c.type == "text"],
                },
            }


def main(argv):
    sep = argv.index("--")
    tool, arguments = argv[1], json.loads(argv[2])
    command, args = argv[sep + 1], argv[sep + 2 :]
    print(json.dumps(asyncio.run(check(tool, arguments, command, args)), sort_keys=True))


if __name__ == "__main__":
    main(sys.argv)
