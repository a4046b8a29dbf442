#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests: `source .ci/pg.sh; pg_start` exports
# NIANBAO_TEST_PG (postgresql://postgres@127.0.0.1:PORT/postgres); `pg_stop` removes it.
# Needs Debian's postgresql package (initdb, pg_ctl); runs the server as the postgres user
# when started as root, since PostgreSQL refuses to run as root.

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$dir" ] && echo "$dir"
}

pg_start() {
  local bin port as
  bin=$(pg_bin) || { echo "PostgreSQL not installed" >&2; return 1; }
  PG_TMP=$(mktemp -d /tmp/nianbao-pg.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$PG_TMP"
    as=(runuser -u postgres --)
  fi
  "${as[@]}" "$bin/initdb" -D "$PG_TMP/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/log" -w \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  export NIANBAO_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
  PG_AS=("${as[@]}")
  PG_BIN=$bin
}

pg_stop() {
  [ -n "${PG_TMP:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=
}
