#!/usr/bin/env bash
# Installs what a fresh machine lacks for the tests: PostgreSQL 15, Chromium (browser tests) and
# promtool (Debian's `prometheus` package: the metrics test checks /metrics with it).
ensure_test_deps() {
  local missing=()
  [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v promtool >/dev/null || missing+=(prometheus)
  [ ${#missing[@]} = 0 ] && return 0
  if [ "$(id -u)" != 0 ]; then
    echo "missing: ${missing[*]} — install them with: sudo apt-get install ${missing[*]}" >&2; return 1
  fi
  echo "installing ${missing[*]} (apt-get)…" >&2
  if ! { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "could not install ${missing[*]} with apt-get; install them by hand and run the tests again" >&2; return 1
  fi
}
