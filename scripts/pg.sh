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

# pg_port_owner PORT: who listens on 127.0.0.1:PORT, in words ("" when nobody does). Names the process
# and, for a PostgreSQL, its data directory: usually another checkout's cluster.
pg_port_owner() {
  local port=$1 line pid cmd datadir
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || return 0
  line=$(ss -ltnpH "sport = :$port" 2>/dev/null | head -1) || true
  pid=$(grep -o 'pid=[0-9]*' <<<"$line" | head -1 | cut -d= -f2) || true
  if [ -z "$pid" ]; then echo "another process (run: ss -ltnp 'sport = :$port' as root to see which)"; return 0; fi
  cmd=$(tr '\0\n' '  ' < "/proc/$pid/cmdline" 2>/dev/null | tr -s ' ' | cut -c1-120) || true
  case "$cmd" in
    *postgres*)
      datadir=$(sed -nE 's/.*-D ?([^ ]+).*/\1/p' <<<"$cmd")
      [ -n "$datadir" ] || datadir=$(readlink "/proc/$pid/cwd" 2>/dev/null) || true
      echo "a PostgreSQL (pid $pid) with data directory ${datadir:-unknown}" ;;
    *) echo "pid $pid: ${cmd:-unknown command}" ;;
  esac
}

# pg_start DATA_DIR PORT: initialise (once) and start a cluster listening on 127.0.0.1:PORT.
# On failure it says why and what to do next, and returns 1.
pg_start() {
  local data=$1 port=$2 bin owner running
  bin=$(pg_bin) || return 1
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; chmod 700 "$data"; fi
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    # already running (an earlier run.sh): fine if on the port asked for
    running=$(sed -n 4p "$data/postmaster.pid" 2>/dev/null)
    [ -z "$running" ] || [ "$running" = "$port" ] && return 0
    echo "PostgreSQL for $data is already running, on port $running, not $port." >&2
    echo "  Use it: LEDGER_PG_PORT=$running scripts/run.sh; or stop it first: scripts/run.sh --stop-db" >&2
    return 1
  fi
  owner=$(pg_port_owner "$port")
  if [ -n "$owner" ]; then
    echo "PostgreSQL cannot start on 127.0.0.1:$port: the port is taken by $owner." >&2
    echo "  Pick another port for this checkout's database: LEDGER_PG_PORT=$((port + 1)) scripts/run.sh" >&2
    echo "  (or stop whatever holds $port, or point LEDGER_DB at a database you already have)." >&2
    return 1
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    local initlog="${TMPDIR:-/tmp}/ledger-initdb.$$.log"
    if ! as_pg "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$initlog" 2>&1; then
      echo "initdb could not create a cluster in $data:" >&2
      tail -n 5 "$initlog" | sed 's/^/  | /' >&2
      echo "  Full output: $initlog. Check the directory is writable by $( [ "$(id -u)" = 0 ] && echo "the postgres user" || echo "you" )" >&2
      echo "  and empty (remove it to start over), and that the C.UTF-8 locale exists (locale -a)." >&2
      return 1
    fi
    rm -f "$initlog"
    cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 300
shared_buffers = 256MB
fsync = on
CONF
  fi
  if ! as_pg "$bin/pg_ctl" -D "$data" -o "-p $port" -l "$data/server.log" -w -t 60 start >/dev/null 2>&1; then
    echo "PostgreSQL did not start on 127.0.0.1:$port. Its log is $data/server.log; the last lines:" >&2
    tail -n 8 "$data/server.log" 2>/dev/null | sed 's/^/  | /' >&2
    owner=$(pg_port_owner "$port")
    [ -n "$owner" ] && echo "  The port is now taken by $owner: pick another with LEDGER_PG_PORT=<port>." >&2
    echo "  Next: read the log above; another port is LEDGER_PG_PORT=<port>; scripts/run.sh --stop-db stops a stale server." >&2
    return 1
  fi
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
