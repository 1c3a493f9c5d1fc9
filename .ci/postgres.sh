#!/usr/bin/env bash
# Start a throw-away PostgreSQL cluster on loopback for the store's tests (source this file).
# Installs Debian's postgresql package if needed; exports CONSENTRY_TEST_POSTGRES_URL and
# registers a trap that stops the cluster and removes its directory on exit.
# Usage: source .ci/postgres.sh   (then run the tests)
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  echo "postgres.sh: PostgreSQL is not installed; the PostgreSQL tests will be skipped" >&2
  return 0 2>/dev/null || exit 0
fi

PG_PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/consentry-pg.XXXXXX")"
if [ "$(id -u)" = 0 ]; then
  chown postgres "$PG_DIR"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off" start >/dev/null
as_pg "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres consentry_test

_consentry_pg_stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
trap _consentry_pg_stop EXIT
export CONSENTRY_TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$PG_PORT/consentry_test"
echo "postgres.sh: PostgreSQL on 127.0.0.1:$PG_PORT for the tests"
