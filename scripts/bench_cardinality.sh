#!/usr/bin/env bash
# High-cardinality benchmark (issue 9, item 3): 1M events, each with its own agent_id (and its own
# user, workspace, team and env), through ingest, budget and report under -Xmx512m. Prints each
# step's wall time, exit code, peak RSS (when /usr/bin/time -v is available) and the
# capped_values the report states. Data goes to a temporary directory outside the repository.
#
#   scripts/bench_cardinality.sh [EVENTS]      (run `mvn -B -ntp package -DskipTests` first)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS="${1:-1000000}"
JAR="${JAR:-target/burnrate.jar}"  # JAR=... to compare another build
NOW=2026-03-20T12:00:00Z
[ -f "$JAR" ] || { echo "no $JAR; run mvn -B -ntp package -DskipTests first" >&2; exit 2; }
WORK="$(mktemp -d "${TMPDIR:-/tmp}/burnrate-cardinality.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/audit" "$WORK/data"

python3 - "$EVENTS" "$WORK/audit" <<'PY'
import sys, datetime
n, out = int(sys.argv[1]), sys.argv[2]
start = datetime.datetime(2026, 3, 10, tzinfo=datetime.timezone.utc)
step = 10 * 86400 / n  # spread over the 10 days before --now
files = {}
tools = ["llm_chat", "web_fetch", "code_exec", "search"]
for i in range(n):
    ts = start + datetime.timedelta(seconds=i * step)
    day = ts.strftime("%Y-%m-%d")
    f = files.get(day)
    if f is None:
        f = files[day] = open(f"{out}/tool_audit_{day}.jsonl", "w")
    f.write('{"ts":"%s","req_id":"r%d","agent_id":"agent-%d","user_id":"user-%d",'
            '"workspace_id":"ws-%d","team":"team-%d","env":"env-%d","tool":"%s",'
            '"status":"pass","duration_ms":%d,"cost_usd":0.01}\n'
            % (ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), i, i, i, i, i, i, tools[i % 4], 10 + i % 500))
for f in files.values():
    f.close()
PY
echo "generated $EVENTS events with $EVENTS distinct agents: $(du -sh "$WORK/audit" | cut -f1)"

run() {
  local name=$1; shift
  local t0 t1 rc=0
  t0=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v -o "$WORK/$name.time" java -Xmx512m -jar "$JAR" "$@" \
      --config config --data "$WORK/data" --audit-dir "$WORK/audit" --now "$NOW" \
      >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  else
    java -Xmx512m -jar "$JAR" "$@" --config config --data "$WORK/data" --audit-dir "$WORK/audit" \
      --now "$NOW" >"$WORK/$name.out" 2>"$WORK/$name.err" || rc=$?
  fi
  t1=$(date +%s.%N)
  local rss=""
  [ -f "$WORK/$name.time" ] && rss=$(awk -F': ' '/Maximum resident/ {printf "%.0f MB", $2/1024}' "$WORK/$name.time")
  printf '%-8s %s  %6.1f s  exit %d  peak RSS %s\n' "$name" "$([ $rc -eq 0 ] && echo ok || echo FAILED)" \
    "$(echo "$t1 - $t0" | bc)" "$rc" "${rss:-n/a}"
  if [ $rc -ne 0 ]; then
    tail -5 "$WORK/$name.err"
  fi
}

run ingest ingest
run budget budget
run report report --last 30d --group-by agent_id
run restart report --last 30d --group-by agent_id
python3 - "$WORK/report.out" <<'PY'
import json, sys
try:
    r = json.load(open(sys.argv[1]))
    print("report: calls", r["totals"]["calls"], "| capped_values", r["data_quality"].get("capped_values"))
except Exception as e:
    print("report output unreadable:", e)
PY
