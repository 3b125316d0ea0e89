#!/usr/bin/env bash
# promtool (Prometheus 2.42, Debian's `prometheus` package) for the alert and recording rule tests.
#
#   bash scripts/services/promtool.sh install   # unpack promtool into .cache/tools/prometheus; idempotent
#   bash scripts/services/promtool.sh status    # print the path and version when promtool runs, exit 3 when not
#   bash scripts/services/promtool.sh path      # print the path of the promtool the tests use
#
# Not a server: the tests run `promtool check rules` and `promtool test rules` as child processes.
# The package is downloaded (`apt-get download`) and unpacked, never installed: installing it would
# register a Prometheus server that listens on every interface. Required when CI=true; elsewhere the
# rule tests are skipped with a loud reason when promtool is absent.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=.cache/tools/prometheus
bin="$dir/usr/bin/promtool"

say() { echo "promtool.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

found() {
  if [ -x "$bin" ]; then echo "$PWD/$bin"; return 0; fi
  command -v promtool 2>/dev/null && return 0
  return 1
}

install() {
  if path=$(found); then
    say "already available: $path ($("$path" --version 2>&1 | head -1))"
    return 0
  fi
  command -v apt-get >/dev/null || die "promtool is missing and there is no apt-get here: install Prometheus 2.x's promtool on PATH"
  mkdir -p "$dir/deb"
  say "downloading Debian's prometheus package (unpacked, not installed)"
  if ! (cd "$dir/deb" && apt-get download -qq prometheus >/dev/null 2>&1); then
    [ "$(id -u)" = 0 ] || die "apt-get download failed and this is not root (run 'sudo apt-get update' once)"
    apt-get update -qq
    (cd "$dir/deb" && apt-get download -qq prometheus >/dev/null 2>&1) || die "apt-get download prometheus failed"
  fi
  dpkg-deb -x "$dir"/deb/prometheus_*.deb "$dir"
  rm -rf "$dir/deb" "$dir/usr/share" "$dir/etc" "$dir/lib" "$dir/var"
  find "$dir/usr/bin" -type f ! -name promtool -delete # the server is not needed
  [ -x "$bin" ] || die "the package held no usr/bin/promtool"
  say "unpacked: $("$bin" --version 2>&1 | head -1)"
}

case "${1:-}" in
  install) install ;;
  status)
    if path=$(found); then echo "$path"; "$path" --version 2>&1 | head -1; else say "not available"; exit 3; fi ;;
  path) found || exit 3 ;;
  *) echo "usage: $0 install|status|path" >&2; exit 2 ;;
esac
