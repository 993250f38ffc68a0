#!/usr/bin/env bash
# A local PostgreSQL server for production mode and for the PostgreSQL test stage.
#   bash scripts/postgres.sh        start (or reuse) the server; prints DATABASE_URL on stdout, progress on stderr
#   bash scripts/postgres.sh stop   stop it
#   bash scripts/postgres.sh restart   fast restart of a running server (pg_ctl restart -m fast: sessions are ended)
#   bash scripts/postgres.sh url    print DATABASE_URL only
#   bash scripts/postgres.sh running   exit 0 when this checkout's server is running
# Cluster in .data/postgres (as root, when the `postgres` user cannot reach the checkout, e.g. a clone under a
# private `mktemp -d` folder: in /var/lib/postgresql/forja-<id of the checkout>), listening on 127.0.0.1 only, password authentication. Port: FORJA_PG_PORT, else the first
# free one from 55432 (kept in .data/postgres.port, so that another checkout on the same machine gets its own).
# The server never runs as root: as root, server commands run as the `postgres` user.
set -euo pipefail
cd "$(dirname "$0")/.."

root_dir="$(pwd)/.data"
data_dir="$root_dir/postgres"
password_file="$root_dir/postgres.password"
port_file="$root_dir/postgres.port"
port="${FORJA_PG_PORT:-$(cat "$port_file" 2>/dev/null || echo 55432)}"
database="${FORJA_PG_DATABASE:-forja}"
role=forja

say() { printf '%s\n' "$*" >&2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Before starting: keep the port unless something else listens there, then take the next free one.
choose_port() {
  if [ -z "${FORJA_PG_PORT:-}" ]; then
    local candidate="$port"
    while port_in_use "$candidate"; do
      candidate=$((candidate + 1))
      [ "$candidate" -lt 55532 ] || { say "no free port in 55432-55531"; exit 1; }
    done
    port="$candidate"
  fi
  mkdir -p "$root_dir"
  printf '%s' "$port" > "$port_file"
}

pg_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && printf '%s' "$dir"
}

ensure_postgres_installed() {
  [ -n "$(pg_bin_dir)" ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "PostgreSQL is not installed. Install it with: sudo apt-get update && sudo apt-get install -y postgresql"
    exit 1
  fi
  say "apt-get install postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends postgresql >&2 || { apt-get update >&2 && apt-get install -y --no-install-recommends postgresql >&2; }
}

# As root the server runs as `postgres`, which must be able to reach the cluster; a checkout under a folder closed to
# other users (mktemp -d is 0700) keeps its cluster in postgres's home instead, one folder per checkout.
resolve_data_dir() {
  mkdir -p "$root_dir"
  if [ "$(id -u)" -eq 0 ] && ! (cd / && runuser -u postgres -- test -x "$root_dir") 2>/dev/null; then
    data_dir="/var/lib/postgresql/forja-$(printf '%s' "$root_dir" | sha256sum | cut -c1-12)"
  fi
}

# Runs a server-side command as the owner of the cluster (never as root).
as_owner() {
  # from / : the postgres user may not be allowed into the current directory (all paths here are absolute)
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

database_url() {
  printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$role" "$(cat "$password_file")" "$port" "$database"
}

running() { [ -f "$data_dir/PG_VERSION" ] && as_owner "$bin/pg_ctl" status -D "$data_dir" >/dev/null 2>&1; }

psql_admin() { as_owner "$bin/psql" -h "$data_dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

init_cluster() {
  say "initdb $data_dir"
  mkdir -p "$root_dir"
  [ -s "$password_file" ] || (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(18).toString("base64url"))' > "$password_file")
  mkdir -p "$data_dir"
  local superuser_pw_file="$data_dir.initpw"
  (umask 077 && node -e 'process.stdout.write(require("node:crypto").randomBytes(18).toString("base64url"))' > "$superuser_pw_file")
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data_dir" "$superuser_pw_file"; fi
  chmod 700 "$data_dir"
  # the superuser signs in over the socket in the data dir (peer); TCP needs a password
  as_owner "$bin/initdb" -D "$data_dir" -U postgres --pwfile="$superuser_pw_file" --auth-local=peer --auth-host=scram-sha-256 \
    --encoding=UTF8 --locale=C.UTF-8 >&2
  rm -f "$superuser_pw_file"
  if [ "$(id -u)" -ne 0 ]; then
    # not root: the socket user is the current user, mapped onto the postgres superuser
    printf 'local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n' > "$data_dir/pg_hba.conf"
  fi
  cat >> "$data_dir/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data_dir'
max_connections = 200
EOF
}

start_server() {
  choose_port
  say "starting PostgreSQL on 127.0.0.1:$port"
  as_owner "$bin/pg_ctl" start -D "$data_dir" -l "$data_dir/server.log" -w -t 60 -o "-p $port" >&2
}

ensure_role_and_database() {
  local pw
  pw="$(cat "$password_file")"
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$role'")" != 1 ]; then
    psql_admin -c "create role $role login createdb password '$pw'"
  fi
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$database'")" != 1 ]; then
    psql_admin -c "create database $database owner $role"
  fi
}

bin=""
case "${1:-start}" in
  start)
    ensure_postgres_installed
    bin="$(pg_bin_dir)"
    resolve_data_dir
    if running; then
      say "PostgreSQL already running in $data_dir"
    else
      [ -f "$data_dir/PG_VERSION" ] || init_cluster
      start_server
    fi
    ensure_role_and_database
    database_url
    printf '\n'
    ;;
  stop)
    bin="$(pg_bin_dir)"
    [ -z "$bin" ] || resolve_data_dir
    if [ -n "$bin" ] && running; then as_owner "$bin/pg_ctl" stop -D "$data_dir" -m fast >&2; else say "PostgreSQL is not running"; fi
    ;;
  restart)
    bin="$(pg_bin_dir)"
    [ -n "$bin" ] || { say "PostgreSQL is not installed"; exit 1; }
    resolve_data_dir
    running || { say "PostgreSQL is not running"; exit 1; }
    as_owner "$bin/pg_ctl" restart -D "$data_dir" -m fast -w -t 60 -l "$data_dir/server.log" -o "-p $port" >&2
    ;;
  running)
    bin="$(pg_bin_dir)"
    [ -n "$bin" ] || exit 1
    resolve_data_dir
    running
    ;;
  url)
    database_url
    printf '\n'
    ;;
  *)
    say "usage: bash scripts/postgres.sh [start|stop|restart|running|url]"
    exit 2
    ;;
esac
