#!/usr/bin/env bash
# Gateway benchmark, one command: bench/gateway.sh [--quick] [--no-portkey]
# Fresh PostgreSQL 15 (pg_stat_statements on), a mock OpenAI upstream, the gateway in Release with the
# full ledger, 1,000 orgs x 10 keys seeded through the API, then the same load against the mock
# directly, the gateway and Portkey's gateway; the ledger is checked against the drivers' 200 counts.
# Measured phases run wrk (bench/wrk_load.py: closed loop, or a fixed-rate open loop), warm-ups the .NET driver.
# Everything listens on 127.0.0.1, every load is bounded in time and count, everything started is
# stopped on exit. Output: bench/out/<timestamp>/ (results.jsonl, summary.md, logs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/pg.sh

QUICK=0; PORTKEY=1
for a in "$@"; do
  case $a in
    --quick) QUICK=1 ;;
    --no-portkey) PORTKEY=0 ;;
    *) echo "usage: bench/gateway.sh [--quick] [--no-portkey]" >&2; exit 2 ;;
  esac
done
SECS=${BENCH_SECONDS:-10}; ORGS=${BENCH_ORGS:-1000}; KEYS_PER_ORG=${BENCH_KEYS_PER_ORG:-10}
[ "$QUICK" = 1 ] && { SECS=3; ORGS=100; }
PG_PORT=${BENCH_PG_PORT:-55439}
OUT=$ROOT/bench/out/$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
PGDATA_DIR=$(mktemp -d /tmp/ledger-bench-pg.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  pg_stop "$PGDATA_DIR"; cp "$PGDATA_DIR/server.log" "$OUT/postgres.log" 2>/dev/null || true; rm -rf "$PGDATA_DIR"
}
trap cleanup EXIT

wait_http() {  # wait_http URL SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "no answer from $1 after $2 s" >&2; return 1
}

# wrk drives the measured phases: it spends far less of the two cores per request than the .NET driver
if ! command -v wrk >/dev/null; then
  [ "$(id -u)" = 0 ] && { DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null || true; }
  command -v wrk >/dev/null || { echo "bench/gateway.sh needs wrk for its measured phases: apt-get install wrk (as root)" >&2; exit 1; }
fi

uptime > "$OUT/load-before.txt"
echo "== build (Release)"
dotnet build -c Release src/Ledger.Api -v q -nologo >/dev/null
dotnet build -c Release bench/Ledger.Bench -v q -nologo >/dev/null
API_DIR=$ROOT/src/Ledger.Api/bin/Release/net10.0
BENCH="dotnet $ROOT/bench/Ledger.Bench/bin/Release/net10.0/Ledger.Bench.dll"

echo "== PostgreSQL on 127.0.0.1:$PG_PORT ($PGDATA_DIR)"
pg_start "$PGDATA_DIR" "$PG_PORT"
cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
# a run writes about 1 GB of WAL: with the default 1 GB a checkpoint would start mid-run because of
# the volume alone (then the timed one every 5 minutes, as in production, still does)
max_wal_size = 4GB
log_checkpoints = on
CONF
pg_stop "$PGDATA_DIR"; pg_start "$PGDATA_DIR" "$PG_PORT"
PSQL="psql -h 127.0.0.1 -p $PG_PORT -U postgres -d postgres -qAtX"
$PSQL -c "create extension if not exists pg_stat_statements" >/dev/null
$PSQL -c "create extension if not exists pg_walinspect" >/dev/null
export LEDGER_DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres;Maximum Pool Size=64"

MOCK_PORT=$(free_port)
$BENCH mock --port "$MOCK_PORT" > "$OUT/mock.log" 2>&1 & PIDS+=($!)
wait_http "http://127.0.0.1:$MOCK_PORT/healthz" 30

GW_PORT=$(free_port)
TOKEN=bench-operator-$RANDOM$RANDOM
(
  cd "$API_DIR"
  export Ledger__OperatorToken=$TOKEN Ledger__MaxActiveKeys=$((KEYS_PER_ORG + 5))
  # the seed signs up every org from this one address: lift the per-address signup limit
  export Ledger__SignupsPerIpPerHour=1000000
  # the full run keeps the shipped global cap of 120 requests/min per key (10,000 keys stay far below
  # it); --quick's 1,000 keys would reach it at 2,000 req/s, so there it is lifted
  [ "$QUICK" = 1 ] && export Ledger__Admission__GlobalKeyRpmCap=1000000
  export Ledger__Gateway__Providers__0__Name=mock Ledger__Gateway__Providers__0__Kind=openai
  export Ledger__Gateway__Providers__0__BaseUrl=http://127.0.0.1:$MOCK_PORT/v1
  export Ledger__Gateway__Providers__1__Region=us Ledger__Gateway__Providers__2__Region=us  # only the mock serves eu
  export Logging__LogLevel__Default=Warning
  exec dotnet Ledger.dll --urls "http://127.0.0.1:$GW_PORT"
) > "$OUT/gateway.log" 2>&1 & GW_PID=$!; PIDS+=($GW_PID)
wait_http "http://127.0.0.1:$GW_PORT/healthz" 60
# the gateway process (dotnet Ledger.dll is exec'd, so the subshell's pid is the gateway's)

echo "== seed $ORGS orgs x $KEYS_PER_ORG keys through the API"
$BENCH seed --gateway "http://127.0.0.1:$GW_PORT" --operator-token "$TOKEN" --orgs "$ORGS" --keys-per-org "$KEYS_PER_ORG" \
  --out "$OUT/keys.txt" --parallel 16 | tee "$OUT/seed.log"
$PSQL -c "select pg_stat_statements_reset()" >/dev/null

RSS_LOG=$OUT/rss.log
( while kill -0 "$GW_PID" 2>/dev/null; do grep -E 'VmRSS|VmHWM' "/proc/$GW_PID/status" | tr -s ' ' | tr '\n' ' ' >> "$RSS_LOG"; echo >> "$RSS_LOG"; sleep 1; done ) & PIDS+=($!)

# projection lag under load: how far (in seconds of event time) each read model trails the ledger,
# sampled every 0.5 s for as long as the gateway runs; summarised at the end
LAG_LOG=$OUT/projection-lag.log
# per read model: seconds of event time since the oldest event it has not applied yet (an ordered
# index scan, not a min() over a table scan)
LAG_SQL="select c.name, coalesce(extract(epoch from now() - (select e.timestamp from mt_events e
           where e.seq_id > c.last_seq_id order by e.seq_id limit 1)), 0) as lag
           from mt_event_progression c where c.name <> 'HighWaterMark'"
( while kill -0 "$GW_PID" 2>/dev/null; do
    $PSQL -c "$LAG_SQL" 2>/dev/null | sed "s/^/$(date +%s.%N) /" >> "$LAG_LOG"
    sleep 0.5
  done ) & PIDS+=($!)

RESULTS=$OUT/results.jsonl
MOCK_URL=http://127.0.0.1:$MOCK_PORT/v1/chat/completions
GW_URL=http://127.0.0.1:$GW_PORT/v1/chat/completions
load() { $BENCH load --out "$RESULTS" --max-requests 400000 "$@"; }
gw() { load --url "$GW_URL" --keys "$OUT/keys.txt" "$@"; }
direct() { load --url "$MOCK_URL" "$@"; }
# measured phases: wrk with bench/wrk/chat.lua, same body and random key per request; closed loop
# (c=1 and saturation) or, with --rate, an open loop on a fixed schedule
wrk_phase() { python3 "$ROOT/bench/wrk_load.py" --out "$RESULTS" --log "$OUT/wrk.log" --keys "$OUT/keys.txt" "$@"; }
gw_wrk() { wrk_phase --url "$GW_URL" "$@"; }
direct_wrk() { wrk_phase --url "$MOCK_URL" "$@"; }  # the mock ignores the key

# before each gateway phase: the read models caught up with what the previous phase left (an
# overloaded phase leaves a backlog the daemon would otherwise work off during the next one)
caught_up() {
  local i ok lag
  for ((i = 0; i < 300; i++)); do
    read -r ok lag < <($PSQL -F ' ' -c "select coalesce(max(lag), 0) < 0.2, round(coalesce(max(lag), 0)::numeric, 2) from ($LAG_SQL) l" 2>/dev/null || echo "f ?")
    [ "$ok" = t ] && return 0
    sleep 0.1
  done
  echo "   (projections still ${lag} s behind after 30 s)"
}

RATES=(100 1000 2000 5000)
echo "== warm-up (counted in the ledger check, not reported)"
direct --label warmup-direct --connections 16 --seconds 3 >/dev/null
# long enough for tiered JIT to finish recompiling the hot path (it ran for ~15 s under load)
gw --label warmup-gateway --connections 32 --seconds 15 >/dev/null
echo "== 1 connection, back to back"
direct_wrk --label "direct c=1" --connections 1 --seconds "$SECS"
caught_up; curl -fsS "http://127.0.0.1:$GW_PORT/metrics" > "$OUT/metrics-before-c1.txt"
gw_wrk --label "gateway c=1" --connections 1 --seconds "$SECS"
curl -fsS "http://127.0.0.1:$GW_PORT/metrics" > "$OUT/metrics-after-c1.txt"
echo "== fixed rates (open loop: each request sent at its slot of the schedule, late sends counted)"
for r in "${RATES[@]}"; do
  direct_wrk --label "direct rate=$r" --rate "$r" --connections 512 --seconds "$SECS"
  caught_up; gw_wrk --label "gateway rate=$r" --rate "$r" --connections 512 --seconds "$SECS"
done
echo "== saturation (closed loop)"
for c in 16 64 256; do
  direct_wrk --label "direct sat c=$c" --connections "$c" --seconds "$SECS"
  caught_up
  $PSQL -c "select sum(xact_commit) from pg_stat_database" > "$OUT/xact.before"
  LSN0=$($PSQL -c "select pg_current_wal_lsn()")
  PERF_JOB=
  if [ "$c" = 64 ] && command -v perf >/dev/null && [ "$(id -u)" = 0 ]; then
    # where the CPU goes at saturation: every process's samples over 5 s in the middle of the phase
    ( sleep 2; ps -eo pid,args > "$OUT/cpu-ps.txt"; $PSQL -c "select pid, application_name from pg_stat_activity" > "$OUT/cpu-pg.txt"
      perf record -a -F 499 -o "$OUT/perf-c64.data" -- sleep 5 >/dev/null 2>&1 ) & PERF_JOB=$!
  fi
  gw_wrk --label "gateway sat c=$c" --connections "$c" --seconds "$SECS"
  LSN1=$($PSQL -c "select pg_current_wal_lsn()")
  $PSQL -c "select sum(xact_commit) from pg_stat_database" > "$OUT/xact.after.$c"
  echo "   PostgreSQL commits/s during gateway c=$c: $(( ($(cat "$OUT/xact.after.$c") - $(cat "$OUT/xact.before")) / SECS ))" | tee -a "$OUT/pg.txt"
  # what the database wrote per request answered, by WAL record type (pg_walinspect)
  N=$(python3 -c "import json; print([json.loads(l) for l in open('$RESULTS')][-1]['Ok'])")
  { echo "WAL during gateway sat c=$c: $N requests, $($PSQL -c "select pg_size_pretty(('$LSN1'::pg_lsn - '$LSN0'::pg_lsn) / $N)") per request"
    $PSQL -F ' | ' -c "select \"resource_manager/record_type\", round(count::numeric / $N, 2) as per_request, count, pg_size_pretty(combined_size)
                        from pg_get_wal_stats('$LSN0', '$LSN1', true) where count > 0 order by count desc limit 12"; } > "$OUT/wal-c$c.txt"
  if [ -n "$PERF_JOB" ]; then
    wait "$PERF_JOB" || true
    perf script -i "$OUT/perf-c64.data" -F pid 2>/dev/null | python3 "$ROOT/bench/cpu_split.py" "$OUT/cpu-ps.txt" "$OUT/cpu-pg.txt" \
      "$(python3 -c "import json; print([json.loads(l) for l in open('$RESULTS')][-1]['Throughput'])")" > "$OUT/cpu-split.txt" || true
    rm -f "$OUT/perf-c64.data"
  fi
done
cat "$OUT/wal-c64.txt"; [ -f "$OUT/cpu-split.txt" ] && cat "$OUT/cpu-split.txt"
grep -E 'VmHWM' "/proc/$GW_PID/status" | tr -s ' ' > "$OUT/hwm.txt"
python3 - "$LAG_LOG" <<'PY' | tee "$OUT/lag.txt"
import sys, collections
lags = collections.defaultdict(list)
for line in open(sys.argv[1]):
    parts = line.strip().split(" ", 1)
    if len(parts) == 2 and "|" in parts[1]:
        name, lag = parts[1].split("|"); lags[name].append(float(lag))
for name, xs in sorted(lags.items()):
    xs.sort()
    print(f"   projection lag during the gateway phases, {name}: p50 {xs[len(xs)//2]:.2f} s, p99 {xs[int(len(xs)*0.99)]:.2f} s, max {xs[-1]:.2f} s ({len(xs)} samples)")
PY
curl -fsS "http://127.0.0.1:$GW_PORT/metrics" > "$OUT/metrics-end.txt"

if [ "$PORTKEY" = 1 ]; then
  echo "== Portkey gateway (npm @portkey-ai/gateway) against the same mock"
  PK_DIR=${BENCH_PORTKEY_DIR:-/tmp/ledger-bench-portkey}
  if [ ! -f "$PK_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ]; then
    mkdir -p "$PK_DIR"; (cd "$PK_DIR" && npm init -y >/dev/null && npm install --no-fund --no-audit @portkey-ai/gateway >/dev/null 2>&1)
  fi
  PK_PORT=$(free_port)
  NODE_ENV=production node --require "$ROOT/bench/portkey/loopback.cjs" \
    "$PK_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" --port="$PK_PORT" --headless > "$OUT/portkey.log" 2>&1 & PK_PID=$!; PIDS+=($PK_PID)
  for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PK_PORT/" && break; sleep 0.1; done
  PK_URL=http://127.0.0.1:$PK_PORT/v1/chat/completions
  PK_HEADERS=(--header "x-portkey-provider: openai" --header "x-portkey-custom-host: http://127.0.0.1:$MOCK_PORT/v1")
  pk() { load --url "$PK_URL" --keys "$OUT/keys.txt" "${PK_HEADERS[@]}" "$@"; }
  pk_wrk() { wrk_phase --url "$PK_URL" "${PK_HEADERS[@]}" "$@"; }
  pk --label warmup-portkey --connections 16 --seconds 3 >/dev/null
  pk_wrk --label "portkey c=1" --connections 1 --seconds "$SECS"
  for r in 100 1000; do pk_wrk --label "portkey rate=$r" --rate "$r" --connections 512 --seconds "$SECS"; done
  for c in 16 64 256; do pk_wrk --label "portkey sat c=$c" --connections "$c" --seconds "$SECS"; done
  grep -E 'VmHWM' "/proc/$PK_PID/status" | tr -s ' ' > "$OUT/portkey-hwm.txt" || true
fi

echo "== ledger check"
OK=$(python3 -c "import json,sys; print(sum(r['Ok'] for r in map(json.loads, open('$RESULTS')) if r['Label'].startswith(('gateway','warmup-gateway'))))")
sleep 1
$BENCH ledger-check --db "$LEDGER_DB" --expect-ok "$OK" | tee "$OUT/ledger-check.txt"; CHECK=${PIPESTATUS[0]}

echo "== PostgreSQL side"
$PSQL -F ' | ' -c "select round(total_exec_time::numeric,0) as total_ms, calls, round(mean_exec_time::numeric,3) as mean_ms, rows, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
                    from pg_stat_statements order by total_exec_time desc limit 15" > "$OUT/pg_stat_statements.txt"
$PSQL -F ' | ' -c "select type, count(*) as events, count(distinct xmin::text) as transactions, round(count(*)::numeric / count(distinct xmin::text), 1) as per_tx
                    from mt_events where type in ('V1.RequestAdmitted','V1.RequestCompleted') group by type" > "$OUT/batches.txt"
cat "$OUT/batches.txt" "$OUT/pg_stat_statements.txt"

uptime > "$OUT/load-after.txt"
python3 "$ROOT/bench/summarize.py" "$RESULTS" "$OUT" | tee "$OUT/summary.md"
exit "$CHECK"
