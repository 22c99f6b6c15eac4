#!/usr/bin/env bash
# Runs every test: a throwaway PostgreSQL, `dotnet test` on the solution, then one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/deps.sh
fail() { echo "scripts/test.sh: $*" >&2; exit 1; }
command -v dotnet >/dev/null ||
  fail "the dotnet command is not on PATH. Install the .NET 10 SDK (https://dotnet.microsoft.com/download) and run this again."
ensure_test_deps || fail "the test dependencies are missing (the line above names them)."

data=$(mktemp -d /tmp/ledger-test-pg.XXXXXX)
port=$(free_port)
pg_start "$data" "$port" || { rm -rf "$data"; fail "the throwaway PostgreSQL did not start (the lines above say why); no test ran."; }
trap 'pg_stop "$data"; rm -rf "$data" "${results:-}"' EXIT
# killed by a signal (Ctrl-C, a closed pipe to head, a timeout): exit, so the EXIT trap stops the cluster
trap 'exit 130' INT TERM HUP PIPE

export LEDGER_TEST_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export LEDGER_PG_BIN="$(pg_bin)"
results=$(mktemp -d /tmp/ledger-test-results.XXXXXX)
log="$results/dotnet-test.log"
dotnet test Ledger.sln --logger trx --results-directory "$results" "$@" 2>&1 | tee "$log"
code=${PIPESTATUS[0]}

# one summary line per test assembly: "Passed!  - Failed:     0, Passed:    51, Skipped: …"
passed=0; failed=0
while read -r f p; do passed=$((passed + p)); failed=$((failed + f)); done < <(
  sed -nE 's/^(Passed|Failed)! +- Failed: +([0-9]+), Passed: +([0-9]+).*/\2 \3/p' "$log")
# a test host that crashed prints no summary: count it as a failure, never as a pass
if [ "$code" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
mkdir -p artifacts && cp "$results"/*.trx "$log" artifacts/ 2>/dev/null
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
