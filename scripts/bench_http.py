#!/usr/bin/env python3
"""HTTP benchmark for `burnrate serve --http`: cold start to the first answered call, then many
concurrent authenticated Streamable HTTP sessions calling tools, optionally with idle sessions
(Streamable HTTP and SSE) held open beside them.

Usage:
  BURNRATE_TOKEN=... scripts/bench_http.py [--sessions 200] [--calls 50] [--idle 0] \
      -- java -Xmx512m -jar target/burnrate.jar serve --http 127.0.0.1:0 --config C --data D ...

The server command must print `burnrate: listening on http://HOST:PORT/mcp` (it does). Only the
standard library is needed: one thread per session, each with its own keep-alive connection,
each call timed from request to the end of its answer. The token comes from the environment so it
never appears in a process listing. Loopback only; bounded by --sessions x --calls and --timeout.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

TOOLS = [("get_top_spenders", {"top_n": 5}), ("detect_anomalies", {}), ("check_budget", {})]


class Session:
    def __init__(self, host, port, token, timeout):
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json",
                        "Accept": "application/json, text/event-stream"}
        self.next_id = 1

    def post(self, message):
        self.conn.request("POST", "/mcp", json.dumps(message), self.headers)
        r = self.conn.getresponse()
        body = r.read().decode("utf-8")
        return r, body

    def rpc(self, method, params):
        self.next_id += 1
        r, body = self.post({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        if r.status != 200:
            raise RuntimeError(f"{method}: HTTP {r.status}")
        for line in body.splitlines():
            if line.startswith("data:"):
                msg = json.loads(line[5:])
                if msg.get("id") == self.next_id:
                    if "error" in msg:
                        raise RuntimeError(f"{method}: {msg['error']}")
                    return msg["result"]
        if body.startswith("{"):
            return json.loads(body)["result"]
        raise RuntimeError(f"{method}: no answer")

    def open(self):
        r, body = self.post({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {},
            "clientInfo": {"name": "bench_http", "version": "1"}}})
        if r.status != 200:
            raise RuntimeError(f"initialize: HTTP {r.status} {body[:200]}")
        self.headers["Mcp-Session-Id"] = r.getheader("Mcp-Session-Id")
        self.post({"jsonrpc": "2.0", "method": "notifications/initialized"})


def hold_sse(host, port, token, stop, opened):
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", "/sse", headers={"Authorization": "Bearer " + token, "Accept": "text/event-stream"})
    r = conn.getresponse()
    r.readline()  # the endpoint event
    opened.release()
    stop.wait()
    conn.close()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--idle", type=int, default=0, help="idle sessions held open, half of them SSE")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("command", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not cmd:
        ap.error("give the server command after --")
    token = os.environ.get("BURNRATE_TOKEN")
    if not token:
        ap.error("set BURNRATE_TOKEN to a token rbac.yml maps to a principal with tools.cost.read")

    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    try:
        host = port = None
        deadline = time.time() + a.timeout
        while time.time() < deadline:
            line = p.stderr.readline()
            if not line:
                print("the server exited before listening", file=sys.stderr)
                return 1
            m = re.search(r"listening on http://([^:/]+|\[[^\]]+\]):(\d+)/mcp", line)
            if m:
                host, port = m.group(1).strip("[]"), int(m.group(2))
                break
        if port is None:
            print("no 'listening on' line in time", file=sys.stderr)
            return 1
        threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
        first = Session(host, port, token, a.timeout)
        first.open()
        first.rpc("tools/call", {"name": "get_top_spenders", "arguments": {"top_n": 5}})
        cold = time.perf_counter() - t0
        print(f"cold start to first answered call: {cold * 1000:.0f} ms")

        stop = threading.Event()
        idle_threads = []
        opened = threading.Semaphore(0)
        for i in range(a.idle):
            if i % 2:
                t = threading.Thread(target=hold_sse, args=(host, port, token, stop, opened), daemon=True)
                t.start()
                idle_threads.append(t)
            else:
                Session(host, port, token, a.timeout).open()
        for t in idle_threads:
            opened.acquire(timeout=a.timeout)
        if a.idle:
            print(f"idle sessions open: {a.idle}")

        latencies, errors, lock = [], [], threading.Lock()
        ready = threading.Barrier(a.sessions + 1)

        def worker(n):
            s = Session(host, port, token, a.timeout)
            try:
                s.open()
            except Exception as e:  # noqa: BLE001 - every failure is counted
                with lock:
                    errors.append(str(e))
                ready.wait()
                return
            ready.wait()
            mine = []
            for i in range(a.calls):
                name, args = TOOLS[(n + i) % len(TOOLS)]
                t = time.perf_counter()
                try:
                    result = s.rpc("tools/call", {"name": name, "arguments": args})
                    if result.get("isError"):
                        raise RuntimeError(f"{name}: isError")
                    mine.append(time.perf_counter() - t)
                except Exception as e:  # noqa: BLE001
                    with lock:
                        errors.append(str(e))
            with lock:
                latencies.extend(mine)

        threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(a.sessions)]
        for t in threads:
            t.start()
        ready.wait()
        start = time.perf_counter()
        for t in threads:
            t.join(a.timeout * a.calls)
        wall = time.perf_counter() - start
        stop.set()
        n = len(latencies)
        print(f"{a.sessions} sessions x {a.calls} calls: {n} ok, {len(errors)} errors in {wall:.2f} s"
              f" = {n / wall:.0f} calls/s")
        if n:
            ms = [x * 1000 for x in latencies]
            print(f"latency ms: p50 {statistics.median(ms):.1f}  p95 {pct(ms, 95):.1f}"
                  f"  p99 {pct(ms, 99):.1f}  max {max(ms):.1f}")
        for e in sorted(set(errors))[:5]:
            print("error:", e)
        return 0 if not errors else 1
    finally:
        p.terminate()
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            p.kill()


if __name__ == "__main__":
    sys.exit(main())
