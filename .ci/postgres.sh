#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on 127.0.0.1 for the repository tests and prints the
# TEST_DATABASE_URL to use. Usage: eval "$(bash .ci/postgres.sh start)"; bash .ci/postgres.sh stop DIR
# (pause DIR / resume DIR stop and restart it with its data, for the database-outage test).
set -euo pipefail
port="${CT_TEST_PG_PORT:-55432}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -z "$bin" ]; then
  echo "PostgreSQL is not installed (Debian: apt-get install -y postgresql)" >&2
  exit 1
fi
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-start}" in
  start)
    dir="$(mktemp -d /tmp/ct-pg.XXXXXX)"
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    as_postgres "$bin/initdb" -D "$dir" -A trust -U postgres >/dev/null
    as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >/dev/null
    echo "export TEST_DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres CT_TEST_PG_DIR=$dir"
    ;;
  pause)
    # Stops the server but keeps its data: the database-outage browser test takes it away...
    as_postgres "$bin/pg_ctl" -D "$2" -m fast -w stop >/dev/null
    ;;
  resume)
    # ...and brings it back on the same port.
    as_postgres "$bin/pg_ctl" -D "$2" -l "$2/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $2 -c fsync=off" start >/dev/null
    ;;
  stop)
    as_postgres "$bin/pg_ctl" -D "$2" -m fast -w stop >/dev/null || true
    rm -rf "$2"
    ;;
esac
