#!/usr/bin/env bash
# Starts the gateway on http://127.0.0.1:8080. With no LEDGER_DB configured it starts (or reuses)
# a project-local PostgreSQL 15 on port 54329 with its data under .pgdata/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh

if [ "${1:-}" = "--stop-db" ]; then pg_stop "$(pg_reachable_dir "$PWD/.pgdata")"; exit 0; fi

if [ -z "${LEDGER_DB:-}" ]; then
  port=${LEDGER_PG_PORT:-54329}
  data=$(pg_reachable_dir "$PWD/.pgdata")
  pg_start "$data" "$port"
  echo "PostgreSQL 15 on 127.0.0.1:$port, data in $data (stop it with: scripts/run.sh --stop-db)"
  export LEDGER_DB="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi

exec dotnet run --project src/Ledger.Api -c Release -- serve --urls "${LEDGER_URLS:-http://127.0.0.1:8080}" "$@"
