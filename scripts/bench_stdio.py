#!/usr/bin/env python3
"""Stdio benchmark for `burnrate serve`: time to the initialize answer, then the round-trip
latency of get_top_spenders over stdin/stdout.

Usage: scripts/bench_stdio.py [--calls N] [--warmup N] -- java -Xmx512m -jar target/burnrate.jar serve ...

Only the standard library is needed. Each request is written as one JSON-RPC line and timed
until its response line arrives; latencies after the warm-up are summarised.
"""
import argparse
import json
import statistics
import subprocess
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=600)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--tool", default="get_top_spenders")
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("give the server command after --")
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, bufsize=1)

    def rpc(i, method, params=None):
        msg = {"jsonrpc": "2.0", "id": i, "method": method}
        if params is not None:
            msg["params"] = params
        p.stdin.write(json.dumps(msg) + "\n")
        p.stdin.flush()
        while True:
            line = p.stdout.readline()
            if not line:
                sys.exit("server closed stdout")
            if line.startswith("{"):  # e.g. a JVM profiler's banner when profiling
                return json.loads(line)

    rpc(1, "initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                          "clientInfo": {"name": "bench_stdio", "version": "1"}})
    init_s = time.perf_counter() - t0
    p.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
    p.stdin.flush()
    t1 = time.perf_counter()
    first = rpc(2, "tools/call", {"name": a.tool, "arguments": {}})
    first_s = time.perf_counter() - t1
    if first.get("result", {}).get("isError"):
        sys.exit("tool failed: " + json.dumps(first)[:500])
    lat = []
    for i in range(a.warmup + a.calls):
        t = time.perf_counter()
        rpc(10 + i, "tools/call", {"name": a.tool, "arguments": {}})
        if i >= a.warmup:
            lat.append((time.perf_counter() - t) * 1000)
    p.stdin.close()
    rc = p.wait(timeout=30)
    lat.sort()
    print(json.dumps({
        "initialize_seconds": round(init_s, 3),
        "first_call_seconds": round(first_s, 3),
        "tool": a.tool,
        "calls": len(lat),
        "p50_ms": round(statistics.median(lat), 2),
        "p95_ms": round(lat[int(len(lat) * 0.95) - 1], 2),
        "max_ms": round(lat[-1], 2),
        "exit_code": rc,
    }, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
