#!/usr/bin/env bash
# Several nodes on one database, and crash safety: bench/resilience.sh
#  1. two gateway nodes (A, B) share one PostgreSQL: key rpm and plan rpm hold across them; revocation
#     on A is refused on B (distribution over 50 revocations)
#  2. kill -9 of node A under load, restart: every 200 the client got has its RequestCompleted, every
#     reservation is settled after the sweeper's timeout, the chain verifies, balances equal the events
#  3. PostgreSQL restarted under load on node B: status codes and error codes seen while it is down,
#     time to recover, nothing acknowledged lost
#  4. after both crashes (node A led the projections when it was killed): every read model equals a
#     rebuild from the events, table by table and row by row
# Loopback only, bounded, everything started is stopped on exit. Output: bench/out/resilience-<ts>/
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/pg.sh
PG_PORT=${BENCH_PG_PORT:-55441}
SWEEP=${BENCH_RESERVATION_TIMEOUT:-4}
OUT=$ROOT/bench/out/resilience-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
PGDATA_DIR=$(mktemp -d /tmp/ledger-resilience-pg.XXXXXX)
declare -A NODE_PID
PIDS=()
cleanup() {
  for p in "${PIDS[@]}" "${NODE_PID[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}" "${NODE_PID[@]}"; do wait "$p" 2>/dev/null || true; done
  pg_stop "$PGDATA_DIR"; rm -rf "$PGDATA_DIR"
}
trap cleanup EXIT
wait_http() { local i; for ((i = 0; i < $2 * 10; i++)); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "no answer from $1" >&2; return 1; }

dotnet build -c Release src/Ledger.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Ledger.Bench -v q -nologo >/dev/null
API_DIR=$ROOT/src/Ledger.Api/bin/Release/net10.0
BENCH="dotnet $ROOT/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll"

pg_start "$PGDATA_DIR" "$PG_PORT"
export LEDGER_DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Timeout=3"
PSQL="psql -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres -qAtX"
# which node leads each projection: the daemon's connections are named ledger-daemon:{node}:{projection},
# and the leader's holds the projection's advisory lock
leaders() { $PSQL -c "select string_agg(split_part(a.application_name, ':', 3) || ' on ' || split_part(a.application_name, ':', 2), ', '
                             order by split_part(a.application_name, ':', 3))
                        from pg_locks l join pg_stat_activity a on a.pid = l.pid
                       where l.locktype = 'advisory' and l.granted and a.application_name like 'ledger-daemon:%'"; }
MOCK_PORT=$(free_port)
$BENCH mock --port "$MOCK_PORT" --delay-ms 5 > "$OUT/mock.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$MOCK_PORT/healthz" 30
TOKEN=bench-operator-$RANDOM$RANDOM
declare -A PORT=([A]=$(free_port) [B]=$(free_port))

start_node() {  # start_node NAME
  (
    cd "$API_DIR"
    export Ledger__OperatorToken=$TOKEN Ledger__MaxActiveKeys=100 Ledger__ReservationTimeoutSeconds=$SWEEP
    # the seed signs up every org from this one address: lift the per-address signup limit
    export Ledger__SignupsPerIpPerHour=1000000
    export Ledger__NodeName=node-$1 Ledger__Gateway__Providers__0__Name=mock Ledger__Gateway__Providers__0__Kind=openai
    export Ledger__Gateway__Providers__0__BaseUrl=http://127.0.0.1:$MOCK_PORT/v1
    export Ledger__Gateway__Providers__1__Region=us Ledger__Gateway__Providers__2__Region=us
    export Logging__LogLevel__Default=Warning
    exec dotnet Ledger.dll --urls "http://127.0.0.1:${PORT[$1]}"
  ) >> "$OUT/node-$1.log" 2>&1 &
  NODE_PID[$1]=$!
  wait_http "http://127.0.0.1:${PORT[$1]}/healthz" 60
}
start_node A; sleep 2; start_node B  # A first, so that A leads the projections when it is killed
A=http://127.0.0.1:${PORT[A]}; B=http://127.0.0.1:${PORT[B]}
STATUS=0

echo "== 1. two nodes, one database" | tee -a "$OUT/summary.txt"
$BENCH multinode --node "$A" --node "$B" --operator-token "$TOKEN" --rpm 40 --plan-rpm 60 --revocations 50 | tee -a "$OUT/summary.txt" || STATUS=1

echo "== 2. kill -9 node A under load" | tee -a "$OUT/summary.txt"
$BENCH seed --gateway "$A" --operator-token "$TOKEN" --orgs 50 --keys-per-org 4 --out "$OUT/keys.txt" --parallel 8 >/dev/null
$BENCH load --url "$A/v1/chat/completions" --keys "$OUT/keys.txt" --connections 32 --seconds 8 --label "load on A (killed at 3 s)" \
  --out "$OUT/crash.jsonl" --ids-out "$OUT/ok-ids.txt" | tee -a "$OUT/summary.txt" & LOAD=$!
sleep 3; echo "   leaders before the kill: $(leaders)" | tee -a "$OUT/summary.txt"
kill -9 "${NODE_PID[A]}"; wait "${NODE_PID[A]}" 2>/dev/null || true
echo "   node A killed (SIGKILL) at ~3 s; restarting it" | tee -a "$OUT/summary.txt"
start_node A
wait $LOAD || true
echo "   waiting $((SWEEP * 2 + 2)) s for the sweeper (timeout ${SWEEP} s) to settle reservations of the dead process" | tee -a "$OUT/summary.txt"
sleep $((SWEEP * 2 + 2))
echo "   leaders after the kill: $(leaders)" | tee -a "$OUT/summary.txt"
OK=$(python3 -c "import json; print(sum(json.loads(l)['Ok'] for l in open('$OUT/crash.jsonl')))")
$BENCH ledger-check --db "$LEDGER_DB" --expect-ok "$OK" --at-least --ids "$OUT/ok-ids.txt" | tee -a "$OUT/summary.txt" || STATUS=1

echo "== 3. PostgreSQL restarted under load on node B" | tee -a "$OUT/summary.txt"
: > "$OUT/probe.log"
# the probe spreads over 50 keys: on one key its ~8 requests/s would pass the global per-key rpm cap
mapfile -t PROBE_KEYS < <(head -50 "$OUT/keys.txt")
( end=$((SECONDS + 16)); i=0; while [ $SECONDS -lt $end ]; do
    key=${PROBE_KEYS[$((i++ % ${#PROBE_KEYS[@]}))]}
    read -r code took < <(curl -s -m 5 -o "$OUT/probe.body" -w '%{http_code} %{time_total}' -H "Authorization: Bearer $key" \
      -H 'content-type: application/json' -d '{"model":"gpt-5.1","messages":[{"role":"user","content":"hi"}],"max_tokens":8}' "$B/v1/chat/completions" || true) || true
    printf '%s HTTP%s took=%s %s\n' "$(date +%s.%N)" "$code" "$took" "$(tr -d '\n' < "$OUT/probe.body" 2>/dev/null | cut -c1-200)" >> "$OUT/probe.log"
    sleep 0.1; done ) & PROBE=$!
$BENCH load --url "$B/v1/chat/completions" --keys "$OUT/keys.txt" --rate 200 --connections 64 --seconds 14 --label "200 req/s on B, PG down 4-7 s" \
  --out "$OUT/pgrestart.jsonl" --ids-out "$OUT/ok-ids.txt" | tee -a "$OUT/summary.txt" & LOAD=$!
# an immediate stop is a crash: no shutdown checkpoint, commits not yet flushed are lost and the
# restart recovers from the WAL, so "every 200 has its RequestCompleted" tests the flush before acknowledging
sleep 4; date +%s.%N > "$OUT/pg-down.at"; as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA_DIR" -m immediate -w stop >/dev/null
echo "   PostgreSQL crashed (immediate stop)" | tee -a "$OUT/summary.txt"
sleep 3; pg_start "$PGDATA_DIR" "$PG_PORT"; date +%s.%N > "$OUT/pg-up.at"; echo "   PostgreSQL started again" | tee -a "$OUT/summary.txt"
wait $LOAD || true; wait $PROBE || true
python3 - "$OUT" <<'PY' | tee -a "$OUT/summary.txt"
import re, sys, collections
out = sys.argv[1]
down, up = float(open(f"{out}/pg-down.at").read()), float(open(f"{out}/pg-up.at").read())
rows = []
for line in open(f"{out}/probe.log"):
    t, rest = line.split(" ", 1)
    m = re.search(r"HTTP(\d+)", rest); code = re.search(r'"code":"([^"]+)"', rest)
    took = re.search(r"took=([\d.]+)", rest)
    rows.append((float(t), m.group(1) if m else "?", code.group(1) if code else ("ok" if m and m.group(1) == "200" else rest.strip()[:80]),
                 float(took.group(1)) if took else 0.0))
during = collections.Counter((s, c) for t, s, c, _ in rows if down <= t < up)
print(f"   probe on B while PostgreSQL was down ({up - down:.1f} s): {dict(during)}")
# a clear error is only useful if it comes at once: the slowest 503 while the database was down
waits = sorted(took for t, s, c, took in rows if down <= t < up and s == "503")
if waits:
    slow = waits[-1] > 1.0
    print(f"   503s while down answered in p50 {waits[len(waits) // 2] * 1000:.0f} ms, max {waits[-1] * 1000:.0f} ms (want under 1 s) {'FAIL' if slow else 'ok'}")
    if slow: open(f"{out}/slow-503", "w").close()
first_ok = next((t for t, s, c, _ in rows if t >= up and s == "200"), None)
print(f"   first 200 on B {first_ok - up:.2f} s after PostgreSQL was back" if first_ok else "   node B did not answer 200 again within the probe window")
bad_after = collections.Counter((s, c) for t, s, c, _ in rows if first_ok and t > first_ok and s != "200")
print(f"   non-200 after recovery: {dict(bad_after) or 'none'}")
PY
[ -f "$OUT/slow-503" ] && STATUS=1
sleep $((SWEEP * 2 + 2))
OK=$(python3 -c "import json; print(sum(json.loads(l)['Ok'] for f in ('crash','pgrestart') for l in open('$OUT/' + f + '.jsonl')))")
$BENCH ledger-check --db "$LEDGER_DB" --expect-ok "$OK" --at-least --ids "$OUT/ok-ids.txt" | tee -a "$OUT/summary.txt" || STATUS=1

echo "== 4. read models after the crashes against a rebuild" | tee -a "$OUT/summary.txt"
behind() { $PSQL -c "select count(*) from mt_event_progression c
                      where c.name <> 'HighWaterMark' and exists (select 1 from mt_events e where e.seq_id > c.last_seq_id)"; }
for _ in $(seq 300); do [ "$(behind)" = 0 ] && break; sleep 0.1; done
echo "   projections behind: $(behind); leaders now: $(leaders)" | tee -a "$OUT/summary.txt"
READ_MODELS=(activity activity_keys usage_hourly usage_orgs invoice_lines invoice_orgs invoice_credits open_reservations)
for t in "${READ_MODELS[@]}"; do $PSQL -c "drop table if exists live_$t; create table live_$t as table $t"; done
(cd "$API_DIR" && dotnet Ledger.dll rebuild all) > "$OUT/rebuild.log" 2>&1 || { echo "   rebuild failed: $OUT/rebuild.log" | tee -a "$OUT/summary.txt"; STATUS=1; }
for t in "${READ_MODELS[@]}"; do
  # rows compared as text (json columns have no equality), in both directions, duplicates counted
  read -r rows differ < <($PSQL -F ' ' -c "select (select count(*) from $t),
      (select count(*) from (select x::text from $t x except all select y::text from live_$t y) a)
    + (select count(*) from (select y::text from live_$t y except all select x::text from $t x) b)")
  ok=ok; [ "$differ" = 0 ] || { ok=FAIL; STATUS=1; }
  echo "   $t: $rows rows, $differ differ between the live read model and the rebuild $ok" | tee -a "$OUT/summary.txt"
done
echo "summary: $OUT/summary.txt"
exit $STATUS
