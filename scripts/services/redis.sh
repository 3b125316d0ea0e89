#!/usr/bin/env bash
# A throw-away Redis for the tests, on 127.0.0.1 only, with append-only persistence.
#
#   bash scripts/services/redis.sh start    # install (apt) if missing, start; idempotent
#   bash scripts/services/redis.sh status   # exit 0 and print the URL when running, 3 when not
#   bash scripts/services/redis.sh stop     # stop cleanly (SHUTDOWN, AOF flushed); idempotent
#   bash scripts/services/redis.sh url      # print the URL of the running server
#
# Data, pid and log live in .cache/services/redis/ (git-ignored). The server listens on
# 127.0.0.1 only (no unix socket, protected mode on), on a port free at start. AOF is on with
# `appendfsync always`: an XADD that returned survives a restart, which is what the event
# transport's "acknowledged" promises. `start` writes .cache/services/redis.env:
#   CORTEX_TEST_REDIS_URL=redis://127.0.0.1:<port>
# which the tests read (the variable itself wins when set). Tests that kill or restart Redis
# start their own redis-server on their own port and folder and never touch this one.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
base="$root/.cache/services/redis"
pidfile="$base/redis.pid"
portfile="$base/port"
log="$base/redis.log"
envfile="$root/.cache/services/redis.env"

say() { echo "redis.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

install_if_missing() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  [ "$(id -u)" = 0 ] || die "redis-server is not installed and this is not root: run 'sudo apt-get install redis-server'"
  command -v apt-get >/dev/null || die "redis-server is not installed and there is no apt-get here"
  say "installing redis-server (apt-get)"
  apt-get update -qq
  # Debian's package may start a service of its own on 6379; ours is separate (own port, folder).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
  command -v redis-server >/dev/null || die "redis-server installed but not on PATH"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for p in $(seq 63790 64399); do port_busy "$p" || { echo "$p"; return 0; }; done
  die "no free port between 63790 and 64399 on 127.0.0.1"
}
port_of() { cat "$portfile" 2>/dev/null || true; }
url() { echo "redis://127.0.0.1:$(port_of)"; }
running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null \
    && [ "$(redis-cli -h 127.0.0.1 -p "$(port_of)" ping 2>/dev/null)" = PONG ]
}

start() {
  install_if_missing
  mkdir -p "$base"
  if running; then
    printf 'CORTEX_TEST_REDIS_URL=%s\n' "$(url)" >"$envfile"
    say "already running: $(url)"
    echo "CORTEX_TEST_REDIS_URL=$(url)"
    return 0
  fi
  free_port >"$portfile"
  redis-server --bind 127.0.0.1 --port "$(port_of)" --protected-mode yes --unixsocket '' \
    --dir "$base" --appendonly yes --appendfsync always --save '' \
    --daemonize yes --pidfile "$pidfile" --logfile "$log" >/dev/null \
    || die "redis-server did not start (log: $log)"
  # Wait for PING with a bound, not a sleep-and-hope: the server answers once it loaded the AOF.
  local i
  for i in $(seq 1 100); do
    running && break
    [ "$i" = 100 ] && { tail -n 30 "$log" >&2 || true; die "redis-server did not answer PING (log: $log)"; }
    sleep 0.1
  done
  printf 'CORTEX_TEST_REDIS_URL=%s\n' "$(url)" >"$envfile"
  say "running: $(url)"
  echo "CORTEX_TEST_REDIS_URL=$(url)"
}

stop() {
  if running; then
    redis-cli -h 127.0.0.1 -p "$(port_of)" shutdown >/dev/null 2>&1 || true
    local i
    for i in $(seq 1 100); do
      [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null || break
      sleep 0.1
    done
    say "stopped"
  else
    say "not running"
  fi
  rm -f "$envfile"
}

status() {
  if running; then
    echo "CORTEX_TEST_REDIS_URL=$(url)"
    return 0
  fi
  say "not running"
  return 3
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) running || die "not running: run start"; url ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
