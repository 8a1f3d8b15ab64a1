"""Drives the protocol features beyond tools with the official Python SDK and prints what it saw as
one JSON object on stdout.

usage: mcp_protocol_check.py calls|resources stdio -- COMMAND [ARG ...]
       mcp_protocol_check.py calls|resources streamable|sse BASE_URL   (token in BURNRATE_TOKEN)

calls (a server with the `wait` and `boom` tools): log level, progress, a call the client
abandons after a second (the SDK then sends notifications/cancelled), and one after it.
resources (burnrate serve): the resources and prompts, read as the principal; with a principal
that may write, a subscription that must see an update after record_usage.
"""

import asyncio
import contextlib
import json
import os
import sys

import anyio
from mcp import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client

from mcp_http_client_check import connect as http_connect

URIS = ["burnrate://digest/today", "burnrate://budget/month"]


def field(obj, snake, camel, default=None):
    """mcp 2.x names fields in snake_case, 1.x in camelCase; accept both."""
    return getattr(obj, snake, getattr(obj, camel, default))


@contextlib.asynccontextmanager
async def open_streams(transport, rest):
    if transport == "stdio":
        sep = rest.index("--")
        params = StdioServerParameters(command=rest[sep + 1], args=rest[sep + 2 :])
        async with stdio_client(params) as streams:
            yield streams
        return
    headers = {"Authorization": "Bearer " + os.environ["BURNRATE_TOKEN"]}
    async with http_connect(transport, rest[0], headers) as streams:
        yield streams


async def calls(session, seen):
    await session.set_logging_level("warning")
    progress = []

    async def on_progress(value, total, message):
        progress.append({"progress": value, "message": message})

    waited = await session.call_tool("wait", {"ms": 2500}, progress_callback=on_progress)
    seen["wait_error"] = bool(field(waited, "is_error", "isError", False))
    seen["progress"] = progress
    await session.call_tool("echo", {"text": "below the level"})
    await session.call_tool("boom", {})
    try:
        await session.call_tool("wait", {"ms": 15000}, read_timeout_seconds=1)
        seen["abandoned"] = False
    except Exception:  # the SDK raises on its read timeout and cancels the request
        seen["abandoned"] = True
    after = await session.call_tool("wait", {"ms": 10})
    seen["after_cancel_error"] = bool(field(after, "is_error", "isError", False))


async def resources(session, seen, updated):
    listed = await session.list_resources()
    seen["resources"] = [str(r.uri) for r in listed.resources]
    reads = {}
    for uri in URIS:
        try:
            res = await session.read_resource(uri)
            reads[uri] = {
                "mime": [field(c, "mime_type", "mimeType") for c in res.contents],
                "text": [getattr(c, "text", None) for c in res.contents],
            }
        except Exception as e:
            reads[uri] = {"error": str(e)}
    seen["reads"] = reads
    prompts = await session.list_prompts()
    seen["prompts"] = [p.name for p in prompts.prompts]
    try:
        got = await session.get_prompt("may_i_deploy", {"agent": "video-bot"})
        seen["deploy_prompt"] = got.messages[0].content.text
    except Exception as e:
        seen["deploy_prompt_error"] = str(e)
    if os.environ.get("BURNRATE_CHECK_SUBSCRIBE") != "1":
        return
    await session.subscribe_resource(URIS[1])
    recorded = await session.call_tool(
        "record_usage",
        {
            "events": [
                {
                    "ts": "2026-02-23T11:59:00Z",
                    "tool": "web_search",
                    "agent_id": "subscriber-check",
                    "req_id": "sub-1",
                    "duration_ms": 100,
                }
            ]
        },
    )
    seen["record_error"] = bool(field(recorded, "is_error", "isError", False))
    with anyio.move_on_after(20):
        await updated["event"].wait()
    seen["updated"] = updated["uris"]


async def check(scenario, transport, rest):
    logs = []
    updated = {"uris": [], "event": anyio.Event()}

    async def on_log(params):
        logs.append({"level": str(params.level), "logger": params.logger, "data": params.data})

    async def on_message(message):
        n = getattr(message, "root", message)
        if getattr(n, "method", None) == "notifications/resources/updated":
            updated["uris"].append(str(n.params.uri))
            updated["event"].set()

    seen = {}
    async with open_streams(transport, rest) as (read, write):
        async with ClientSession(read, write, logging_callback=on_log, message_handler=on_message) as session:
            await session.initialize()
            if scenario == "calls":
                await calls(session, seen)
            else:
                await resources(session, seen, updated)
    seen["logs"] = logs
    return seen


def main(argv):
    scenario, transport, rest = argv[1], argv[2], argv[3:]
    print(json.dumps(asyncio.run(check(scenario, transport, rest)), sort_keys=True))


if __name__ == "__main__":
    main(sys.argv)
