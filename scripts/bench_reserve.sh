#!/usr/bin/env bash
# Spend-reservation benchmark: reserve+settle pairs per second through the spend gate, and reserve
# latency, with a month of usage loaded (the reservation targets' setting).
#
# Usage: scripts/bench_reserve.sh AUDIT_DIR [PAIRS] [THREADS] [RATE]
#        scripts/bench_reserve.sh --pg AUDIT_DIR [PAIRS_PER_REPLICA] [THREADS] [REPLICAS]
#   AUDIT_DIR  the reference month (../shared/tools/gen_events.py ... --out DIR); never written.
#   JSONL (the first form): one process on a view of it (hard links, and a copy of the last day,
#              which settles append to) under target/bench-reserve/.
#   RATE:      pace the pairs at RATE per second (all threads together) and time each reserve from
#              when it was due, so the latency is the latency at that load (`bench --reserve-rate`),
#              settles running on threads of their own; without it each thread reserves as soon
#              as its last settle returned, and a stall it waits out counts once.
#   --pg:      a throwaway PostgreSQL cluster in /tmp (loopback only, default durability), the
#              month ingested into it, then REPLICAS (default 4) separate `bench --reserve-only`
#              processes, each a replica with its own pool, index (read from the database) and
#              book, started together at a barrier. Prints each replica's figures and the sum:
#              all pairs over the window from the first start to the last end, and the worst
#              replica's reserve p99 (an upper bound of the pooled p99). Removed at exit.
# Each process first makes untimed pairs on agents of their own (`bench --reserve-warmup`), so the
# timed ones run on compiled code, as a long-running server's do: $BENCH_WARMUP of them, by default
# 200,000 on one host and 20,000 per replica with --pg. On one host the timed pairs then see the
# server's steady state, past what happens once after a start: the book reaching its 100,000
# closed reservations (at about 101,000 pairs; from there it forgets the oldest, and a window that
# reached it recompiled the book's apply, slower for about half a second), the last growth of
# their strings' array (at about 190,000 pairs, a 30 ms rebuild under the ledger's lock; from
# there only the strings are copied when it fills), and the ledger's first two compactions (at
# 16 MB, about 54,000 pairs, and once the file doubled, about 110,000). From then on the ledger
# keeps about 100,000 reservations (32 MB) and compacts once that much more was appended, about
# every 108,000 pairs: the third, at about 218,000, falls inside a timed window of 100,000 pairs,
# so `DIR 100000 ...` has one compaction in its window, as the steady state has one per 100,000.
# With --pg, after 5,000 the JIT's C2 still took two thirds of each replica's CPU in the timed
# window (four of them on two cores: 910-940 pairs/s where 20,000 gave 2,296).
# The timed figures say how many finished (ledger_compactions).
# Needs target/burnrate.jar (mvn -DskipTests package); --pg also python3 and the PostgreSQL server
# binaries ($BURNRATE_PG_BIN, else /usr/lib/postgresql/*/bin, else the PATH). Bounded by PAIRS.
# $BENCH_JAVA_OPTS is added to the JVM options (each replica's with --pg), say a flight recording.
# $BENCH_LATENCIES names a file for each timed reserve's due time and latency (one host only), to
# line the tail up with the collector's log (-Xlog:gc:file=F:time) and the ledger's.
# $BENCH_JAR is the jar to run (default target/burnrate.jar), to compare two builds run for run.
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${BENCH_JAR:-target/burnrate.jar}

if [ "${1:-}" != --pg ]; then
  AUDIT=${1:?usage: scripts/bench_reserve.sh AUDIT_DIR [PAIRS] [THREADS] [RATE], or --pg AUDIT_DIR [PAIRS] [THREADS] [REPLICAS]}
  PAIRS=${2:-20000}
  THREADS=${3:-4}
  RATE=${4:-0}
  WORK=target/bench-reserve
  rm -rf "$WORK"
  mkdir -p "$WORK/audit" "$WORK/data"
  LAST=$(ls "$AUDIT"/tool_audit_*.jsonl | sort | tail -1)
  for f in "$AUDIT"/tool_audit_*.jsonl; do
    if [ "$f" = "$LAST" ]; then cp "$f" "$WORK/audit/"; else ln "$f" "$WORK/audit/" 2>/dev/null || cp "$f" "$WORK/audit/"; fi
  done
  NOW=$(basename "$LAST" .jsonl | sed 's/tool_audit_//')T12:00:00Z
  exec java -Xmx512m ${BENCH_JAVA_OPTS:-} -jar "$JAR" bench --config config --audit-dir "$WORK/audit" \
    --data "$WORK/data" --now "$NOW" --restarts 0 --iterations 20 \
    --reserve-pairs "$PAIRS" --reserve-threads "$THREADS" --reserve-rate "$RATE" \
    --reserve-warmup "${BENCH_WARMUP:-200000}" ${BENCH_LATENCIES:+--reserve-latencies "$BENCH_LATENCIES"}
fi

shift
AUDIT=${1:?usage: scripts/bench_reserve.sh --pg AUDIT_DIR [PAIRS_PER_REPLICA] [THREADS] [REPLICAS]}
PAIRS=${2:-5000}
THREADS=${3:-4}
REPLICAS=${4:-4}
LAST=$(ls "$AUDIT"/tool_audit_*.jsonl | sort | tail -1)
NOW=$(basename "$LAST" .jsonl | sed 's/tool_audit_//')T12:00:00Z
PGBIN=${BURNRATE_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
[ -x "$PGBIN/initdb" ] || PGBIN=$(dirname "$(readlink -f "$(command -v initdb)")")
WORK=$(mktemp -d /tmp/burnrate-bench-reserve.XXXXXX)
AS_PG=()
if [ "$(id -u)" = 0 ]; then AS_PG=(runuser -u postgres --); chown postgres: "$WORK"; fi
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "== cluster on 127.0.0.1:$PORT ($PGBIN), in $WORK"
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U burnrate -A trust -E UTF8 --no-locale >/dev/null
printf "port = %s\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nshared_buffers = 256MB\nmax_wal_size = 4GB\n" \
  "$PORT" >> "$WORK/pg/postgresql.conf"
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start >/dev/null
"${AS_PG[@]}" env PGPORT="$PORT" "$PGBIN/psql" -h 127.0.0.1 -U burnrate -d postgres -qc "CREATE DATABASE burnrate" >/dev/null
mkdir -p "$WORK/config"
cp config/*.y*ml "$WORK/config/"
printf "kind: postgres\nurl: jdbc:postgresql://127.0.0.1:%s/burnrate\nuser: burnrate\npool_size: 4\n" "$PORT" \
  > "$WORK/config/store.yml"
java -Xmx512m -jar "$JAR" migrate --config "$WORK/config" >/dev/null

echo "== the month into PostgreSQL ($AUDIT)"
java -Xmx512m -jar "$JAR" ingest --config "$WORK/config" --data "$WORK/data-ingest" --now "$NOW" \
  --max-age-days 36500 "$AUDIT" > "$WORK/ingest.json"
python3 -c 'import json,sys; print("   accepted {:,}".format(json.load(open(sys.argv[1]))["accepted"]))' "$WORK/ingest.json"
# As the README says after a bulk move: without it autovacuum works on the fresh table while the
# replicas run, and the planner has no statistics for it.
"${AS_PG[@]}" env PGPORT="$PORT" "$PGBIN/psql" -h 127.0.0.1 -U burnrate -d burnrate -qc "VACUUM ANALYZE usage_events" >/dev/null

echo "== $REPLICAS replicas x $THREADS threads x $PAIRS pairs"
for i in $(seq 1 "$REPLICAS"); do
  java -Xmx1g ${BENCH_JAVA_OPTS:-} -jar "$JAR" bench --config "$WORK/config" --data "$WORK/data-$i" --now "$NOW" \
    --reserve-only --reserve-pairs "$PAIRS" --reserve-threads "$THREADS" \
    --reserve-warmup "${BENCH_WARMUP:-20000}" --reserve-barrier "$WORK/barrier" > "$WORK/replica-$i.json" &
  PIDS+=($!)
done
until [ "$(ls "$WORK/barrier" 2>/dev/null | grep -c '^ready-' || true)" -ge "$REPLICAS" ]; do
  for p in "${PIDS[@]}"; do kill -0 "$p" 2>/dev/null || { wait "$p" || true; echo "a replica exited before the start" >&2; exit 1; }; done
  sleep 0.2
done
touch "$WORK/barrier/go"
for p in "${PIDS[@]}"; do wait "$p"; done
PIDS=()
python3 - "$WORK" "$REPLICAS" <<'PY'
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
rs = [json.load(open(f"{work}/replica-{i}.json")) for i in range(1, n + 1)]
for i, r in enumerate(rs, 1):
    m = r["reservations"]
    print(f"   replica {i}: {r['events']:,} events loaded in {r['open_seconds']} s; {m['pairs']:,} pairs,"
          f" {m['pairs_per_second']:,}/s, reserve p50 {m['reserve_p50_ms']} ms, p99 {m['reserve_p99_ms']} ms,"
          f" refused {m['refused']}")
ms = [r["reservations"] for r in rs]
pairs = sum(m["pairs"] for m in ms)
window = (max(m["ended_epoch_ms"] for m in ms) - min(m["started_epoch_ms"] for m in ms)) / 1000
print(json.dumps({"replicas": n, "cores": rs[0]["cores"], "pairs": pairs, "window_seconds": window,
                  "pairs_per_second": round(pairs / window, 1),
                  "reserve_p99_ms_worst_replica": max(m["reserve_p99_ms"] for m in ms),
                  "refused": sum(m["refused"] for m in ms)}))
PY
