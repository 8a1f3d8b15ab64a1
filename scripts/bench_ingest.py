#!/usr/bin/env python3
"""Ingest, tailing and start-up benchmark for burnrate, with DuckDB beside the ingest figure.

Usage (from the repository root, after `mvn -B -ntp -DskipTests package`):

  python3 scripts/bench_ingest.py                      # generate the 5M-event reference month, run all
  python3 scripts/bench_ingest.py --data DIR           # an existing audit directory instead
  python3 scripts/bench_ingest.py --events 50000000 --agents-per-role 100 --users 2000 \\
      --out /big/disk/month50m                         # the ten-times month (generate it outside the repo)
  python3 scripts/bench_ingest.py --events 20000 --tail-appends 20 --stdio-calls 50   # a smoke test

What it measures, each in a fresh process on the same files:
  1. burnrate's first ingest: `java -Xmx512m -jar target/burnrate.jar ingest` on a fresh index
     directory (wall time of the process, burnrate's own figure, peak RSS), and the index's size
     on disk against the raw log's; then the same through the distribution's bin/burnrate (its
     class-data sharing archive), as users run it;
  2. DuckDB 1.5.6 loading the same files into a table with 2 threads (read_json, newline
     delimited), installed offline from the machine's wheel directory into target/bench-venv;
  3. tailing: a running `serve` answers get_cost_report while this process (a second process)
     appends lines to the audit log; for each append, the time until an answer counts it
     (p50, p99, max);
  4. start: scripts/bench_stdio.py against the indexed month, through bin/burnrate (CDS archive)
     and through plain `java -jar`.

Only the standard library is needed (DuckDB goes into its own venv). Figures print side by side
and are written to target/bench-ingest.json.
"""
import argparse
import datetime as dt
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
REFERENCE = ["--days", "30", "--end", "2026-02-23T12:00:00+00:00", "--seed", "42",
             "--spike", "comfy_generate_video", "--error-burst", "web_fetch",
             "--new-tool", "experimental_tool"]
DUCKDB = "duckdb==1.5.6"


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def dir_bytes(path, suffix=None):
    total = 0
    for p in pathlib.Path(path).rglob("*"):
        if p.is_file() and (suffix is None or p.name.endswith(suffix)):
            total += p.stat().st_size
    return total


def run_measured(cmd, **kw):
    """Runs cmd to completion; returns (wall seconds, exit code, peak RSS in MB, stdout)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, **kw)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, p.returncode, round(usage.ru_maxrss / 1024), out.decode("utf-8", "replace")


def generate(args):
    out = pathlib.Path(args.out or ROOT / "target" / f"bench-month-{args.events}")
    meta = out / "_meta.json"
    extra = []
    if args.agents_per_role:
        extra += ["--agents-per-role", str(args.agents_per_role)]
    if args.users:
        extra += ["--users", str(args.users)]
    want = {"events": args.events, "extra": extra}
    stamp = out / "_bench_params.json"
    if meta.exists() and stamp.exists() and json.loads(stamp.read_text()) == want:
        log(f"using the month already generated in {out}")
        return out
    if out.exists():
        shutil.rmtree(out)
    gen = pathlib.Path(args.gen_script)
    if not gen.exists():
        sys.exit(f"{gen} not found; pass --gen-script PATH or --data DIR")
    log(f"generating {args.events} events into {out} ...")
    subprocess.run([sys.executable, str(gen), "--events", str(args.events), "--out", str(out)]
                   + REFERENCE + extra, check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(json.dumps(want))
    return out


def duckdb_python():
    venv = ROOT / "target" / "bench-venv"
    py = venv / "bin" / "python"
    probe = subprocess.run([str(py), "-c", "import duckdb; print(duckdb.__version__)"],
                           capture_output=True, text=True) if py.exists() else None
    if probe is None or probe.returncode != 0:
        log(f"installing {DUCKDB} into {venv} (offline, from /opt/pypi/files) ...")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "pip"), "install", "-q"]
        if pathlib.Path("/opt/pypi/files").is_dir():
            pip += ["--no-index", "--find-links", "/opt/pypi/files"]
        subprocess.run(pip + [DUCKDB], check=True)
    return str(py)


DUCKDB_LOAD = r"""
import json, sys, time, duckdb
con = duckdb.connect()
con.execute("SET threads = 2")
t = time.perf_counter()
con.execute("CREATE TABLE events AS SELECT * FROM read_json(?, format = 'newline_delimited', "
            "ignore_errors = true)", [sys.argv[1] + "/tool_audit_*.jsonl"])
load = time.perf_counter() - t
rows = con.execute("SELECT count(*) FROM events").fetchone()[0]
print(json.dumps({"load_seconds": round(load, 3), "rows": rows, "version": duckdb.__version__}))
"""


def bench_duckdb(audit):
    py = duckdb_python()
    wall, rc, rss, out = run_measured([py, "-c", DUCKDB_LOAD, str(audit)])
    if rc != 0:
        sys.exit(f"duckdb load failed ({rc})")
    d = json.loads(out.strip().splitlines()[-1])
    d.update({"process_seconds": round(wall, 3), "peak_rss_mb": rss})
    return d


def bench_burnrate_ingest(args, audit, data, launcher=None):
    """The first ingest through `java -jar`, or through the distribution's launcher (CDS archive)."""
    index = data / "index"
    if index.exists():
        shutil.rmtree(index)
    command = ["sh", str(launcher)] if launcher else ["java", f"-Xmx{args.xmx}", "-jar", str(args.jar)]
    cmd = command + ["ingest", "--config", str(args.config), "--data", str(data), "--audit-dir", str(audit)]
    wall, rc, rss, out = run_measured(cmd, env=dict(os.environ, BURNRATE_JAVA_OPTS=f"-Xmx{args.xmx}"))
    if rc != 0:
        sys.exit(f"burnrate ingest failed ({rc}): {' '.join(cmd)}")
    d = json.loads(out)
    raw = dir_bytes(audit, ".jsonl")
    on_disk = dir_bytes(index)
    return {
        "process_seconds": round(wall, 3),
        "ingest_seconds": d.get("seconds"),
        "events": d["indexed"]["events"],
        "peak_rss_mb": rss,
        "heap": args.xmx,
        "raw_log_mb": round(raw / 2**20, 1),
        "index_mb": round(on_disk / 2**20, 1),
        "index_to_log_ratio": round(on_disk / raw, 3) if raw else None,
        "persisted_segments": d["indexed"]["persisted_segments"],
    }


class Server:
    """A `serve` process driven over stdin/stdout, one JSON-RPC line each way."""

    def __init__(self, cmd):
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, bufsize=1)
        self.next_id = 1

    def rpc(self, method, params=None):
        self.next_id += 1
        msg = {"jsonrpc": "2.0", "id": self.next_id, "method": method}
        if params is not None:
            msg["params"] = params
        self.p.stdin.write(json.dumps(msg) + "\n")
        self.p.stdin.flush()
        while True:
            line = self.p.stdout.readline()
            if not line:
                sys.exit("server closed stdout")
            if line.startswith("{"):
                r = json.loads(line)
                if r.get("id") == self.next_id:
                    return r

    def notify(self, method):
        self.p.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}) + "\n")
        self.p.stdin.flush()

    def close(self):
        self.p.stdin.close()
        try:
            self.p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.p.kill()


def make_view(audit, work):
    """An audit directory for the serving benchmarks: links to the month's files and copies of the
    newest two, which the servers audit their own calls into (the newest) and the tailing test
    appends to (the one before), so the month itself stays as generated. File names match, so
    the ingest's index serves it."""
    view = work / "audit-view"
    if view.exists():
        shutil.rmtree(view)
    view.mkdir(parents=True)
    day = latest_day(audit)
    copied = {f"tool_audit_{d.isoformat()}.jsonl" for d in (day, day - dt.timedelta(days=1))}
    for f in sorted(pathlib.Path(audit).glob("tool_audit_*.jsonl")):
        if f.name in copied:
            shutil.copy2(f, view / f.name)
        else:
            (view / f.name).symlink_to(f.resolve())
    return view


def bench_config(args, work):
    """The config for the serving benchmarks: the given one without rate limits, since the
    benchmarks call far more often than an agent (600 calls a minute in the shipped limits)."""
    cfg = work / "bench-config"
    if cfg.exists():
        shutil.rmtree(cfg)
    shutil.copytree(args.config, cfg)
    limits = cfg / "limits.yml"
    if limits.exists():
        text = limits.read_text()
        text = "\n".join(
            line.split("rate_limit_rpm:")[0] + "rate_limit_rpm: 0" if "rate_limit_rpm:" in line else line
            for line in text.splitlines()) + "\n"
        limits.write_text(text)
    return cfg


def latest_day(audit):
    days = sorted(p.name for p in pathlib.Path(audit).glob("tool_audit_*.jsonl"))
    if not days:
        sys.exit(f"no audit files in {audit}")
    return dt.date.fromisoformat(days[-1][len("tool_audit_"):-len(".jsonl")])


def bench_tailing(args, audit, data):
    """Appends lines to the day before the newest, a file the server itself does not write (it
    audits its calls into the newest), and times until the running server's answers count them."""
    day = latest_day(audit)
    now = dt.datetime.combine(day, dt.time(12, 0, 0), dt.timezone.utc)
    probe_day = day - dt.timedelta(days=1)
    probe = f"tail-probe-{os.getpid()}-{int(time.time())}"
    server = Server(["java", f"-Xmx{args.xmx}", "-jar", str(args.jar), "serve", "--config", str(args.serve_config),
                     "--data", str(data), "--audit-dir", str(audit), "--now", now.isoformat(),
                     "--principal", "oncall-bot"])
    server.rpc("initialize", {"protocolVersion": "2025-11-25", "capabilities": {},
                              "clientInfo": {"name": "bench_ingest", "version": "1"}})
    server.notify("notifications/initialized")
    query = {"name": "get_cost_report", "arguments": {
        "time_range": {"from": (now - dt.timedelta(hours=13)).isoformat(), "to": now.isoformat()},
        "group_by": ["agent_id"], "top_n": 1000}}

    def probe_calls():
        r = server.rpc("tools/call", query)
        content = r.get("result", {}).get("structuredContent")
        if content is None:
            sys.exit("get_cost_report failed: " + json.dumps(r)[:500])
        rows = content["breakdowns"]["agent_id"]
        return next((row["count"] for row in rows if row["agent_id"] == probe), 0)

    probe_calls()  # the history is mapped on first use; not part of the figure
    path = pathlib.Path(audit) / f"tool_audit_{probe_day.isoformat()}.jsonl"
    latencies = []
    polls = 0
    for i in range(1, args.tail_appends + 1):
        ts = dt.datetime.combine(probe_day, dt.time(23, 59, 30), dt.timezone.utc).isoformat().replace("+00:00", "Z")
        line = json.dumps({"ts": ts, "req_id": f"{probe}-{i}", "workspace_id": "ws_bench",
                           "user_id": "bench", "agent_id": probe, "tool": "tail_probe",
                           "action": "probe", "status": "pass", "duration_ms": 1,
                           "in_size": 1, "out_size": 1}) + "\n"
        with open(path, "a", encoding="utf-8") as f:  # one write of a whole line, as audit writers do
            f.write(line)
        t0 = time.perf_counter()
        while True:
            polls += 1
            if probe_calls() >= i:
                break
            if time.perf_counter() - t0 > 10:
                sys.exit(f"append {i} not seen within 10 s")
            time.sleep(args.tail_poll_ms / 1000)
        latencies.append((time.perf_counter() - t0) * 1000)
        time.sleep(args.tail_gap_ms / 1000)
    server.close()
    latencies.sort()
    return {
        "appends": len(latencies),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[max(0, int(len(latencies) * 0.99) - 1)], 1),
        "max_ms": round(latencies[-1], 1),
        "polls": polls,
        "poll_interval_ms": args.tail_poll_ms,
        "file": str(path),
    }


def bench_stdio(args, audit, data, command):
    day = latest_day(audit)
    now = dt.datetime.combine(day, dt.time(12, 0), dt.timezone.utc).isoformat()
    cmd = [sys.executable, str(ROOT / "scripts" / "bench_stdio.py"), "--calls", str(args.stdio_calls),
           "--warmup", str(args.stdio_warmup), "--"] + command + [
        "serve", "--config", str(args.serve_config), "--data", str(data), "--audit-dir", str(audit),
        "--now", now, "--principal", "oncall-bot"]
    runs = []
    for _ in range(args.stdio_runs):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                             env=dict(os.environ, BURNRATE_JAVA_OPTS=f"-Xmx{args.xmx}"))
        runs.append(json.loads(out.stdout))
    return {
        "initialize_seconds": [r["initialize_seconds"] for r in runs],
        "first_call_seconds": [r["first_call_seconds"] for r in runs],
        "p50_ms": [r["p50_ms"] for r in runs],
        "p95_ms": [r["p95_ms"] for r in runs],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", help="an existing audit directory (else one is generated)")
    ap.add_argument("--events", type=int, default=5_000_000)
    ap.add_argument("--agents-per-role", type=int)
    ap.add_argument("--users", type=int)
    ap.add_argument("--out", help="where to generate the month (default target/bench-month-EVENTS)")
    ap.add_argument("--gen-script", default=str(ROOT.parent / "shared" / "tools" / "gen_events.py"))
    ap.add_argument("--jar", default=str(ROOT / "target" / "burnrate.jar"))
    ap.add_argument("--launcher", help="bin/burnrate of the distribution (default target/burnrate-*/bin/burnrate)")
    ap.add_argument("--config", default=str(ROOT / "config"))
    ap.add_argument("--xmx", default="512m")
    ap.add_argument("--work", help="burnrate's data directory for the run (default: a fresh temporary one)")
    ap.add_argument("--skip", default="", help="comma-separated: duckdb,tailing,stdio")
    ap.add_argument("--tail-appends", type=int, default=200)
    ap.add_argument("--tail-poll-ms", type=float, default=2)
    ap.add_argument("--tail-gap-ms", type=float, default=20)
    ap.add_argument("--stdio-calls", type=int, default=1500)
    ap.add_argument("--stdio-warmup", type=int, default=200)
    ap.add_argument("--stdio-runs", type=int, default=3)
    ap.add_argument("--json-out", default=str(ROOT / "target" / "bench-ingest.json"))
    args = ap.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    if not pathlib.Path(args.jar).exists():
        sys.exit(f"{args.jar} not found; build it with mvn -B -ntp -DskipTests package")

    audit = pathlib.Path(args.data) if args.data else generate(args)
    work = pathlib.Path(args.work) if args.work else pathlib.Path(
        tempfile.mkdtemp(prefix="burnrate-bench-", dir=ROOT / "target"))
    result = {"audit_dir": str(audit), "cores": os.cpu_count(), "heap": args.xmx}

    launcher = args.launcher or next(iter(sorted(ROOT.glob("target/burnrate-*/bin/burnrate"))), None)
    log("burnrate: first ingest ...")
    result["burnrate_ingest"] = bench_burnrate_ingest(args, audit, work)
    if launcher:
        log(f"burnrate: first ingest through {launcher} ...")
        other = work / "launcher-ingest"
        other.mkdir(exist_ok=True)
        result["burnrate_ingest_launcher"] = bench_burnrate_ingest(args, audit, other, launcher)
        shutil.rmtree(other)
    if "duckdb" not in skip:
        log("duckdb: loading the same files ...")
        result["duckdb_load"] = bench_duckdb(audit)
    view = make_view(audit, work)
    args.serve_config = bench_config(args, work)
    if "stdio" not in skip:
        log("stdio start: java -jar ...")
        result["stdio_java_jar"] = bench_stdio(args, view, work, ["java", f"-Xmx{args.xmx}", "-jar", str(args.jar)])
        if launcher:
            log(f"stdio start: {launcher} ...")
            result["stdio_launcher"] = bench_stdio(args, view, work, ["sh", str(launcher)])
    if "tailing" not in skip:
        log("tailing: appending while serve answers ...")
        result["tailing"] = bench_tailing(args, view, work)

    pathlib.Path(args.json_out).write_text(json.dumps(result, indent=2) + "\n")
    b = result["burnrate_ingest"]
    print(f"events: {b['events']:,}   raw log {b['raw_log_mb']} MB   cores {result['cores']}")
    d = result.get("duckdb_load", {})
    lb = result.get("burnrate_ingest_launcher", {})
    print(f"{'first ingest':<34}{'java -jar':>14}{'bin/burnrate':>14}{'duckdb':>14}")
    for label, key, dkey in (("  process wall time (s)", "process_seconds", "process_seconds"),
                             ("  load itself (s)", "ingest_seconds", "load_seconds"),
                             ("  peak RSS (MB)", "peak_rss_mb", "peak_rss_mb"),
                             ("  rows / events", "events", "rows")):
        print(f"{label:<34}{b[key]:>14}{lb.get(key, '-'):>14}{d.get(dkey, '-'):>14}")
    print(f"index on disk: {b['index_mb']} MB = {b['index_to_log_ratio']} x the raw log"
          f" ({b['persisted_segments']} persisted segments; runs under 1 MB stay in memory)")
    for key, label in (("stdio_java_jar", "java -jar"), ("stdio_launcher", "bin/burnrate")):
        if key in result:
            s = result[key]
            print(f"serve via {label:<13} initialize {s['initialize_seconds']} s, first call "
                  f"{s['first_call_seconds']} s, p50 {s['p50_ms']} ms, p95 {s['p95_ms']} ms")
    if "tailing" in result:
        t = result["tailing"]
        print(f"tailing ({t['appends']} appends by a second process): p50 {t['p50_ms']} ms, "
              f"p99 {t['p99_ms']} ms, max {t['max_ms']} ms")
    print(f"(all figures in {args.json_out}; burnrate's data directory: {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
