#!/usr/bin/env bash
# Runs every test: a throwaway PostgreSQL, `dotnet test` on the solution, then one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/deps.sh
ensure_test_deps

data=$(mktemp -d /tmp/ledger-test-pg.XXXXXX)
port=$(free_port)
pg_start "$data" "$port"
trap 'pg_stop "$data"; rm -rf "$data"' EXIT

export LEDGER_TEST_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export LEDGER_PG_BIN="$(pg_bin)"
results=$(mktemp -d /tmp/ledger-test-results.XXXXXX)
dotnet test Ledger.sln --logger trx --results-directory "$results" "$@"
code=$?

passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${x:-0}))
done
# a test host that crashed writes no counters: count it as a failure, never as a pass
if [ "$code" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
mkdir -p artifacts && cp "$results"/*.trx artifacts/ 2>/dev/null
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
