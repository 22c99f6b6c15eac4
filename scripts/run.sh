#!/usr/bin/env bash
# Starts the gateway on http://127.0.0.1:8080 (LEDGER_URLS to change it). With no database configured
# (LEDGER_DB or Ledger__Db) it starts (or reuses) a project-local PostgreSQL 15 on 127.0.0.1:54329
# (LEDGER_PG_PORT to change it, e.g. when another checkout's cluster holds 54329), data under .pgdata/
# (git-ignored). Every failure says what went wrong and what to do next. Ledger__… variables reach the
# gateway's settings as usual.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh

fail() { echo "scripts/run.sh: $*" >&2; exit 1; }

if [ "${1:-}" = "--stop-db" ]; then pg_stop "$(pg_reachable_dir "$PWD/.pgdata")"; exit 0; fi

# before anything slow: the SDK, then the database, then the build
command -v dotnet >/dev/null ||
  fail "the dotnet command is not on PATH. Install the .NET 10 SDK (https://dotnet.microsoft.com/download, or your distribution's dotnet-sdk-10.0 package) and run this again."
sdks=$(dotnet --list-sdks 2>/dev/null | cut -d' ' -f1 | tr '\n' ' ') || true
[[ " $sdks" == *" 10."* ]] ||
  fail "the .NET 10 SDK is needed; this machine has: ${sdks:-none}. Install it from https://dotnet.microsoft.com/download."

if [ -z "${LEDGER_DB:-}" ] && [ -z "${Ledger__Db:-}" ]; then
  port=${LEDGER_PG_PORT:-54329}
  [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || fail "LEDGER_PG_PORT='$port' is not a port number (1-65535)."
  data=$(pg_reachable_dir "$PWD/.pgdata")
  pg_start "$data" "$port" || fail "no database, so no gateway (the lines above say why)."
  echo "PostgreSQL 15 on 127.0.0.1:$port, data in $data, log in $data/server.log (stop it with: scripts/run.sh --stop-db)"
  export LEDGER_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi

dotnet build src/Ledger.Api -c Release -v q -nologo ||
  fail "the build failed (its errors are above). Fix them, or see the whole output with: dotnet build src/Ledger.Api -c Release"
exec dotnet run --no-build --project src/Ledger.Api -c Release -- serve --urls "${LEDGER_URLS:-http://127.0.0.1:8080}" "$@"
