#!/bin/sh
# Spend-reservation benchmark: reserve+settle pairs per second through the spend gate on the JSONL
# ledger, and reserve latency, with a month of usage loaded (the reservation targets' setting).
#
# Usage: scripts/bench_reserve.sh AUDIT_DIR [PAIRS] [THREADS]
#   AUDIT_DIR  the reference month (../shared/tools/gen_events.py ... --out DIR); never written:
#              the run works on a view of it (hard links, and a copy of the last day, which settles
#              append to) under target/bench-reserve/.
# Needs target/burnrate.jar (mvn -DskipTests package). Loopback only; bounded by PAIRS.
set -eu
AUDIT=${1:?usage: scripts/bench_reserve.sh AUDIT_DIR [PAIRS] [THREADS]}
PAIRS=${2:-20000}
THREADS=${3:-4}
WORK=target/bench-reserve
rm -rf "$WORK"
mkdir -p "$WORK/audit" "$WORK/data"
LAST=$(ls "$AUDIT"/tool_audit_*.jsonl | sort | tail -1)
for f in "$AUDIT"/tool_audit_*.jsonl; do
  if [ "$f" = "$LAST" ]; then cp "$f" "$WORK/audit/"; else ln "$f" "$WORK/audit/" 2>/dev/null || cp "$f" "$WORK/audit/"; fi
done
NOW=$(basename "$LAST" .jsonl | sed 's/tool_audit_//')T12:00:00Z
java -Xmx512m -jar target/burnrate.jar bench --config config --audit-dir "$WORK/audit" \
  --data "$WORK/data" --now "$NOW" --restarts 0 --iterations 20 \
  --reserve-pairs "$PAIRS" --reserve-threads "$THREADS"
