#!/usr/bin/env bash
# Installs what a fresh machine lacks for the tests: PostgreSQL 15 and Chromium (browser tests).
ensure_test_deps() {
  local missing=()
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  command -v chromium >/dev/null || missing+=(chromium)
  [ ${#missing[@]} = 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing: ${missing[*]} — install them with apt-get (needs root)" >&2; return 1
  fi
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}
