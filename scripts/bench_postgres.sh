#!/usr/bin/env bash
# Figures for the PostgreSQL store (issue 15), on a throwaway cluster on this machine:
#   1. bulk load of the reference month into PostgreSQL (burnrate ingest, COPY batches);
#   2. a replica's start to first answer (`report`): fresh (index built from the rows), then
#      with the segments its first run mapped in its data directory;
#   3. warm report / top / anomalies latencies over stdio;
#   4. REPLICAS (default 4) replicas on one database, each with its own data directory:
#      record_usage through each in turn, seen in every other's answers (p50/p99 over all).
#
# Usage: [REPLICAS=4] scripts/bench_postgres.sh [EVENTS] [DAYS]
#        reference: scripts/bench_postgres.sh 5000000 30
# $BENCH_JAVA_OPTS is added to every JVM it starts (say, -Xlog:gc:file=/tmp/gc-%p.log).
# Needs: java, python3, the PostgreSQL server binaries (initdb, pg_ctl), target/burnrate.jar
# (built when missing). Data comes from ../shared/tools/gen_events.py when present ($GEN_EVENTS
# overrides), else from `burnrate demo`; $AUDIT_DIR names an audit directory generated before
# (say, by an earlier run with KEEP_WORK=1) to load instead, the figures then being for its events.
# Everything lives under target/bench-pg and is removed ($KEEP_WORK keeps it).
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${1:-200000}
DAYS=${2:-30}
REPLICAS=${REPLICAS:-4}
END=2026-02-23T12:00:00Z
JAVA=(java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar target/burnrate.jar)
WORK=$PWD/target/bench-pg
PGBIN=${BURNRATE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || PGBIN=$(dirname "$(readlink -f "$(command -v initdb)")")
[ -f target/burnrate.jar ] || mvn -B -ntp -DskipTests package

rm -rf "$WORK" && mkdir -p "$WORK"
AS_PG=()
if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); chown postgres: "$WORK"; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  kill "${SERVERS[@]}" 2>/dev/null || true
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
SERVERS=()
trap cleanup EXIT

GEN=${GEN_EVENTS:-../shared/tools/gen_events.py}
AUDIT=$WORK/audit
if [ -n "${AUDIT_DIR:-}" ]; then
  AUDIT=$(readlink -f "$AUDIT_DIR")
  echo "== data: $AUDIT"
elif [ -f "$GEN" ]; then
  echo "== data: $EVENTS events over $DAYS days"
  python3 "$GEN" --events "$EVENTS" --days "$DAYS" --end "${END/Z/+00:00}" --out "$WORK/audit" >/dev/null
else
  echo "== data: $EVENTS events over $DAYS days"
  "${JAVA[@]}" demo --data "$WORK/demo" --events "$EVENTS" --days "$DAYS" --now "$END" >/dev/null
  mv "$WORK/demo/audit" "$WORK/audit"
fi
du -sh "$AUDIT" | cut -f1 | sed 's/^/   JSONL size: /'

echo "== cluster on 127.0.0.1:$PORT ($PGBIN)"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U burnrate -A trust -E UTF8 --no-locale >/dev/null
printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nshared_buffers = 256MB\nmax_wal_size = 4GB\n" \
  "$PORT" >> "$WORK/pg/postgresql.conf"
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start >/dev/null
"${AS_PG[@]}" env PGPORT="$PORT" "$PGBIN/psql" -h 127.0.0.1 -U burnrate -d postgres -qc "CREATE DATABASE burnrate" >/dev/null

mkdir -p "$WORK/config"
cp config/*.y*ml "$WORK/config/"
printf "kind: postgres\nurl: jdbc:postgresql://127.0.0.1:%s/burnrate\nuser: burnrate\npool_size: 4\n" "$PORT" \
  > "$WORK/config/store.yml"
CFG=(--config "$WORK/config" --data "$WORK/data" --now "$END")

"${JAVA[@]}" migrate --config "$WORK/config" >/dev/null
echo "== 1. bulk load (target <= 60 s for 5M)"
t0=$(date +%s.%N)
"${JAVA[@]}" ingest "${CFG[@]}" --max-age-days 36500 "$AUDIT" > "$WORK/ingest.json" || true
t1=$(date +%s.%N)
python3 - "$WORK/ingest.json" "$t0" "$t1" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"   accepted {r['accepted']:,}  rejected {r['rejected']:,}  wall {float(sys.argv[3]) - float(sys.argv[2]):.1f} s")
PY

# What an operator does after moving a history in: statistics and the visibility map for the
# planner, instead of autovacuum doing it while the replicas below are being timed.
t0=$(date +%s.%N)
"${AS_PG[@]}" env PGPORT="$PORT" "$PGBIN/psql" -h 127.0.0.1 -U burnrate -d burnrate -qc "VACUUM ANALYZE usage_events" >/dev/null
t1=$(date +%s.%N)
python3 -c "import sys; print(f'   VACUUM ANALYZE afterwards: {float(sys.argv[2]) - float(sys.argv[1]):.1f} s')" "$t0" "$t1"

echo "== 2. a replica's start to first answer: fresh (target <= 10 s for 5M), then with its local cache (<= 2 s)"
for run in fresh "local cache" "local cache"; do
  t0=$(date +%s.%N)
  "${JAVA[@]}" report "${CFG[@]}" --format json > /dev/null
  t1=$(date +%s.%N)
  python3 -c "import sys; print(f'   {sys.argv[1]:<12} {float(sys.argv[3]) - float(sys.argv[2]):.2f} s')" "$run" "$t0" "$t1"
done

echo "== 3. warm latencies over stdio (a replica with its local cache)"
for tool in get_top_spenders get_cost_report detect_anomalies; do
  printf "   %-18s " "$tool"
  python3 scripts/bench_stdio.py --calls 100 --warmup 30 --tool "$tool" -- "${JAVA[@]}" serve "${CFG[@]}" \
    | tr '\n' ' '
  echo
done

echo "== 4. $REPLICAS replicas: recorded through one, in every other's answers (target p99 < 1 s)"
# Each replica starts from a copy of the segments step 2 mapped (its local cache).
for n in $(seq 1 "$REPLICAS"); do mkdir -p "$WORK/data-$n" && cp -r "$WORK/data/index" "$WORK/data-$n/"; done
python3 - "$WORK" "$REPLICAS" "${JAVA[@]}" serve --config "$WORK/config" --principal dev <<'PY'
import json, subprocess, sys, time, datetime
work, replicas, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
n_start = [0]
def start():
    # Each replica has its own data directory, as servers on separate hosts would.
    n_start[0] += 1
    p = subprocess.Popen(cmd + ["--data", f"{work}/data-{n_start[0]}"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, bufsize=1)
    rpc(p, 1, "initialize", {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "b", "version": "1"}})
    p.stdin.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}) + "\n")
    return p
def rpc(p, i, method, params):
    p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": method, "params": params}) + "\n"); p.stdin.flush()
    while True:
        line = p.stdout.readline()
        if not line: sys.exit("server closed stdout")
        if line.startswith("{"):
            m = json.loads(line)
            if m.get("id") == i: return m
def calls(p, i, frm):
    r = rpc(p, i, "tools/call", {"name": "get_cost_report", "arguments": {"time_range": {"from": frm}}})
    return r["result"]["structuredContent"]["totals"]["calls"]
ps = [start() for _ in range(replicas)]
frm = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
for p in ps:
    calls(p, 2, frm)
lat, i = [], 100
for n in range(50):
    # Recorded through each replica in turn; the time until every other one answers with it.
    a, others = ps[n % replicas], [p for k, p in enumerate(ps) if k != n % replicas]
    before = [calls(p, i + k, frm) for k, p in enumerate(others)]; i += len(others)
    ts = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    t0 = time.perf_counter()
    r = rpc(a, i, "tools/call", {"name": "record_usage", "arguments": {"events": [
        {"ts": ts, "req_id": f"bench-{time.time_ns()}", "agent_id": "bench", "tool": "bench", "status": "pass", "duration_ms": 1}]}}); i += 1
    if r["result"].get("isError"): sys.exit("record_usage failed: " + json.dumps(r)[:300])
    for p, b0 in zip(others, before):
        while calls(p, i, frm) == b0:
            i += 1; time.sleep(0.01)
        i += 1
        lat.append((time.perf_counter() - t0) * 1000)
lat.sort()
print(f"   visible in every other replica ({len(lat)} observations): p50 {lat[len(lat)//2]:.0f} ms  p99 {lat[int(len(lat)*0.99)-1]:.0f} ms  max {lat[-1]:.0f} ms")
for p in ps: p.stdin.close(); p.wait(timeout=30)
PY
