# Sourced by tests/run and tests/numbers: a private PostgreSQL cluster of Debian's server for
# this run only, on a unix socket (no port to collide with), stopped and removed at exit.
# Installs `postgresql` if it is missing. initdb refuses to run as root, so the cluster is
# the postgres user's. Exports CLUBHOUSE_TEST_PG, the URL of its `postgres` database.
pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "tests: installing postgresql (apt)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  pg_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_dir="$(mktemp -d /tmp/clubhouse-pg.XXXXXX)"
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
as_pg "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres --no-sync >/dev/null
as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w start \
  -o "-c listen_addresses='' -k $pg_dir -c max_connections=300" >/dev/null
trap 'as_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT
export CLUBHOUSE_TEST_PG="postgres:///postgres?host=$pg_dir&user=postgres"
echo "tests: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $pg_dir"

