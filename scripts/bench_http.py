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

Python's threads top out at a few hundred calls a second on two cores. With --java-load the load
comes from scripts/HttpLoad.java instead (compiled once into a temporary directory): --warmup
closed-loop rounds that are not reported (the JIT takes tens of thousands of calls to settle), then
--rounds closed-loop rounds and, with --rate, as many rounds paced at that many calls a second;
each round prints the server's CPU per call. --heap (a `java` server command) prints the live heap
after a full collection before and after the idle sessions open.
"""
import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
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


def live_heap_mb(pid):
    """The server's heap in use right after a full collection (jcmd), in MB."""
    subprocess.run(["jcmd", str(pid), "GC.run"], check=True, capture_output=True)
    info = subprocess.run(["jcmd", str(pid), "GC.heap_info"], check=True, capture_output=True,
                          text=True).stdout
    m = re.search(r"used (\d+)K", info)
    if not m:
        raise RuntimeError("no heap figure in: " + info)
    return int(m.group(1)) / 1024


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def java_load(a, pid, url):
    """Rounds of scripts/HttpLoad.java against url; False when any call failed."""
    here = os.path.dirname(os.path.abspath(__file__))
    classes = tempfile.mkdtemp(prefix="httpload-")
    subprocess.run(["javac", "-d", classes, os.path.join(here, "HttpLoad.java")], check=True)
    rounds = [("warm-up", 0)] * a.warmup + [("closed loop", 0)] * a.rounds
    if a.rate:
        rounds += [(f"paced at {a.rate:.0f}/s", a.rate)] * a.rounds
    ok = True
    for label, rate in rounds:
        before = cpu_seconds(pid)
        cmd = ["java", "-cp", classes, "HttpLoad", url, str(a.sessions), str(a.calls)]
        out = subprocess.run(cmd + ([str(rate)] if rate else []), capture_output=True, text=True,
                             timeout=a.timeout * a.calls).stdout
        used = cpu_seconds(pid) - before
        ok &= " 0 errors" in out
        if label != "warm-up" or " 0 errors" not in out:
            lines = out.strip().splitlines()
            print(f"{label}: " + "; ".join(lines[-2:])
                  + f"; server CPU {used * 1e6 / (a.sessions * a.calls):.0f} us a call")
    return ok


def audit_lines(audit_dir):
    n = 0
    for name in os.listdir(audit_dir):
        if name.endswith(".jsonl"):
            with open(os.path.join(audit_dir, name), "rb") as f:
                n += sum(1 for _ in f)
    return n


def audited(p, audit_dir, before, calls):
    """Stops the server (which flushes its audit log) and checks one new line per call."""
    p.terminate()
    p.wait(60)
    new = audit_lines(audit_dir) - before
    print(f"audit lines added: {new} for {calls} tool calls"
          + ("" if new == calls else " -- MISMATCH"))
    return new == calls


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--calls", type=int, default=50)
    ap.add_argument("--idle", type=int, default=0, help="idle sessions held open, half of them SSE")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--java-load", action="store_true", help="load from scripts/HttpLoad.java")
    ap.add_argument("--warmup", type=int, default=16, help="unreported closed-loop rounds first")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--rate", type=float, default=0, help="also pace rounds at this many calls/s")
    ap.add_argument("--heap", action="store_true", help="live heap before and after the idle sessions")
    ap.add_argument("--audit-dir", help="the server's --audit-dir: check every call was audited")
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
        audit_before = audit_lines(a.audit_dir) if a.audit_dir else 0
        first = Session(host, port, token, a.timeout)
        first.open()
        first.rpc("tools/call", {"name": "get_top_spenders", "arguments": {"top_n": 5}})
        cold = time.perf_counter() - t0
        print(f"cold start to first answered call: {cold * 1000:.0f} ms")

        if a.heap:
            print(f"live heap before the idle sessions: {live_heap_mb(p.pid):.0f} MB")
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
            if a.heap:
                print(f"live heap with them open: {live_heap_mb(p.pid):.0f} MB")
        if a.java_load:
            ok = java_load(a, p.pid, f"http://{host}:{port}/mcp")
            stop.set()
            if a.audit_dir:
                rounds = a.warmup + a.rounds * (2 if a.rate else 1)
                ok &= audited(p, a.audit_dir, audit_before, 1 + rounds * a.sessions * a.calls)
            return 0 if ok else 1

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
