#!/usr/bin/env bash
# A throw-away PostgreSQL 15 for the tests, on 127.0.0.1 only.
#
#   bash scripts/services/postgres.sh start    # install (apt) if missing, initdb once, start; idempotent
#   bash scripts/services/postgres.sh status   # exit 0 and print the URL when running, 3 when not
#   bash scripts/services/postgres.sh stop     # stop cleanly (fast shutdown); idempotent
#   bash scripts/services/postgres.sh url      # print the URL (running or not)
#
# Data, socket and log live in .cache/services/postgres/ (git-ignored). The server listens on
# 127.0.0.1 only, on a port that was free at initdb time (kept in postgresql.conf, re-chosen
# at start if taken), trusts the dedicated role `cortex_test` from 127.0.0.1 and rejects every
# other host login. `start` writes .cache/services/postgres.env:
#   CORTEX_TEST_POSTGRES_URL=postgres://cortex_test@127.0.0.1:<port>/cortex_test
# which the tests read (the variable itself wins when set). Debian's PostgreSQL 15 has no
# pgvector: the tests check everything that does not need it, and the store's clear error.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="$root/.cache/services/postgres"
# PostgreSQL runs as the `postgres` user, which may not reach a checkout in a private folder
# (a clone in a mode-700 temp dir, say). Then the throw-away cluster lives in its own folder
# under /var/tmp, named after the checkout, and `stop` removes it.
outside_checkout=false
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$root" 2>/dev/null; then
  base="/var/tmp/cortex-os-postgres-$(printf '%s' "$root" | sha1sum | cut -c1-12)"
  outside_checkout=true
fi
data="$base/data"
sock="$base/socket"
log="$base/postgres.log"
envfile="$root/.cache/services/postgres.env"
user="cortex_test"
major=15
bin="/usr/lib/postgresql/$major/bin"

say() { echo "postgres.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

# PostgreSQL refuses to run as root: as root, run its programs as the `postgres` system user.
as_owner() {
  # From / so that the postgres user is not left in a working folder it may not read.
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

install_if_missing() {
  [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && return 0
  [ "$(id -u)" = 0 ] || die "PostgreSQL $major is not installed and this is not root: run 'sudo apt-get install postgresql-$major'"
  command -v apt-get >/dev/null || die "PostgreSQL $major is not installed and there is no apt-get here"
  say "installing postgresql-$major (apt-get)"
  apt-get update -qq
  # Debian's package creates and starts a cluster of its own; ours is separate (own data, port, socket).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "postgresql-$major" >/dev/null
  [ -x "$bin/initdb" ] || die "postgresql-$major installed but $bin/initdb is missing"
}

free_port() {
  local p
  for p in $(seq 54329 54999); do port_busy "$p" || { echo "$p"; return 0; }; done
  die "no free port between 54329 and 54999 on 127.0.0.1"
}

port_of() { sed -n "s/^port = \([0-9]*\).*/\1/p" "$data/postgresql.conf" 2>/dev/null | tail -1; }
url() { echo "postgres://$user@127.0.0.1:$(port_of)/$user"; }
running() { [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_env() {
  mkdir -p "$(dirname "$envfile")"
  printf 'CORTEX_TEST_POSTGRES_URL=%s\n' "$(url)" >"$envfile"
}

init_cluster() {
  [ -f "$data/PG_VERSION" ] && return 0
  say "initdb into $data"
  rm -rf "$data"
  mkdir -p "$base" "$sock"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$base" "$sock"
  [ "$outside_checkout" = true ] && chmod 700 "$base"
  as_owner "$bin/initdb" -D "$data" --username=postgres --auth-local=trust --auth-host=reject --encoding=UTF8 --locale=C.UTF-8 >"$base/initdb.log" 2>&1 \
    || { cat "$base/initdb.log" >&2; die "initdb failed"; }
  # Only the dedicated role, only from 127.0.0.1, without a password; local socket for setup.
  cat >"$data/pg_hba.conf" <<EOF
local all postgres trust
host  all $user 127.0.0.1/32 trust
host  all all 0.0.0.0/0 reject
host  all all ::/0 reject
EOF
  # Appended settings win over the defaults above them; `port` is read back from here.
  cat >>"$data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
port = $(free_port)
EOF
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$data/pg_hba.conf" "$data/postgresql.conf"
  return 0
}

create_role() {
  local psql=("$bin/psql" -h "$sock" -p "$(port_of)" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" != 1 ]; then
    as_owner "${psql[@]}" -c "CREATE ROLE $user LOGIN" >/dev/null
  fi
  if [ "$(as_owner "${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$user'")" != 1 ]; then
    as_owner "${psql[@]}" -c "CREATE DATABASE $user OWNER $user" >/dev/null
  fi
}

start() {
  install_if_missing
  init_cluster
  if running; then
    write_env
    say "already running: $(url)"
    echo "CORTEX_TEST_POSTGRES_URL=$(url)"
    return 0
  fi
  if port_busy "$(port_of)"; then
    say "port $(port_of) is taken: choosing another"
    sed -i "s/^port = .*/port = $(free_port)/" "$data/postgresql.conf"
  fi
  as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null \
    || { tail -n 30 "$log" >&2 || true; die "the server did not start (log: $log)"; }
  create_role
  write_env
  say "running: $(url)"
  echo "CORTEX_TEST_POSTGRES_URL=$(url)"
}

stop() {
  if running; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
  rm -f "$envfile"
  if [ "$outside_checkout" = true ]; then rm -rf "$base"; fi
}

status() {
  if running; then
    echo "CORTEX_TEST_POSTGRES_URL=$(url)"
    return 0
  fi
  say "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) [ -f "$data/PG_VERSION" ] || die "no cluster yet: run start"; url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
