#!/usr/bin/env bash
# verdaccio, the loopback npm registry of the consumer test (test/consumer, issue 15 §4).
#
#   bash scripts/services/verdaccio.sh install   # npm-install verdaccio into .cache/tools/verdaccio; idempotent
#   bash scripts/services/verdaccio.sh status    # exit 0 and print the entry script when installed, 3 when not
#   bash scripts/services/verdaccio.sh config <storage-dir> <port>   # print a loopback-only config.yaml
#
# Not started here: the consumer test starts its own verdaccio with the project's Node
# (`process.execPath`) on 127.0.0.1, a port free at start and a fresh storage folder, publishes
# the packed @cortex-os packages to it, and stops it with SIGTERM when done. The test writes its
# configuration with `config` so that there is one place that says what the registry may do:
# - it listens on 127.0.0.1 only;
# - @cortex-os/* is served from the storage folder only (never proxied: the packages under test
#   must be the ones just packed);
# - every other package goes through the uplink to the public npm registry: the one exception to
#   "tests connect to nothing but 127.0.0.1", because a consumer installs third-party packages
#   as a stranger would.
# 6.8.0 is the version tested on these machines (6.10 wants Node 22 for its own install step).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
version="6.8.0"
prefix="$root/.cache/tools/verdaccio"
entry="$prefix/node_modules/verdaccio/bin/verdaccio"

say() { echo "verdaccio.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

installed_version() {
  node -e 'process.stdout.write(require(process.argv[1]).version)' "$prefix/node_modules/verdaccio/package.json" 2>/dev/null || true
}

install() {
  if [ -f "$entry" ] && [ "$(installed_version)" = "$version" ]; then
    say "already installed: verdaccio $version"
    echo "$entry"
    return 0
  fi
  command -v npm >/dev/null || die "npm is not on PATH"
  say "installing verdaccio $version into .cache/tools/verdaccio (npm)"
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{ "name": "cortex-os-tools-verdaccio", "private": true }' >"$prefix/package.json"
  # Bounded: a registry that hangs must not hold CI for its 90 minutes.
  timeout 300 npm install --prefix "$prefix" --no-audit --no-fund --omit=dev --loglevel=error "verdaccio@$version" >&2 \
    || die "npm install verdaccio@$version failed"
  [ -f "$entry" ] || die "verdaccio installed but $entry is missing"
  say "installed: verdaccio $(installed_version)"
  echo "$entry"
}

status() {
  if [ -f "$entry" ]; then
    echo "$entry"
    return 0
  fi
  say "not installed: run 'bash scripts/services/verdaccio.sh install'"
  return 3
}

config() { # storage port
  local storage="${1:?storage folder}" port="${2:?port}"
  cat <<EOF
storage: $storage
listen: 127.0.0.1:$port
auth:
  htpasswd:
    file: $storage/htpasswd
    max_users: 1000
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
    max_fails: 5
packages:
  '@cortex-os/*':
    access: \$all
    publish: \$authenticated
  '**':
    access: \$all
    publish: \$authenticated
    proxy: npmjs
server:
  keepAliveTimeout: 60
log: { type: stdout, format: json, level: warn }
EOF
}

case "${1:-}" in
  install) install ;;
  status) status ;;
  config) shift; config "$@" ;;
  *) echo "usage: $0 install|status|config <storage> <port>" >&2; exit 2 ;;
esac
