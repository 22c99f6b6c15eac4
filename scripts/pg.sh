#!/usr/bin/env bash
# Local PostgreSQL 15 lifecycle for Ledger. Sourced by run.sh and test.sh.
# PostgreSQL refuses to run as root, so as root we run it as the `postgres` user,
# with a data directory that user can reach.
set -euo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return; }
  echo "PostgreSQL 15 server binaries not found (apt-get install postgresql-15)" >&2
  return 1
}

as_pg() {  # run a command as the database owner
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

# pg_start DATA_DIR PORT: initialise (once) and start a cluster listening on 127.0.0.1:PORT.
pg_start() {
  local data=$1 port=$2 bin
  bin=$(pg_bin)
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
  fi
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then return 0; fi
  as_pg "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null
}

pg_stop() {
  local data=$1 bin
  bin=$(pg_bin)
  as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
}

# A directory the postgres user can enter, even when the checkout sits under a private home.
pg_reachable_dir() {
  local want=$1
  mkdir -p "$want"
  if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$want" 2>/dev/null; then
    echo "$want"; return
  fi
  local alt="/var/tmp/ledger-pg-$(echo -n "$want" | sha256sum | cut -c1-12)"
  mkdir -p "$alt"; echo "$alt"
}
