#!/usr/bin/env bash
# ripgrep for the toolkit's search tests (the `ripgrep` engine of @cortex-os/plugin-toolkit).
#
#   bash scripts/services/ripgrep.sh install   # install Debian's `ripgrep` (apt) if `rg` is missing; idempotent
#   bash scripts/services/ripgrep.sh status    # exit 0 and print the version when `rg` runs, 3 when not
#
# Not a server: a program the tests run as a child process. Required when CI=true (the two-engine
# corpus, kill and MCP tests fail to load without it); elsewhere those tests are skipped with a loud
# reason when `rg` is absent. Debian's package, not `@vscode/ripgrep`, whose install step downloads
# a binary from outside the package registries (see docs/adr/0021-agent-toolkit-search.md).
set -euo pipefail

say() { echo "ripgrep.sh: $*" >&2; }
die() { say "error: $*"; exit 1; }

version() { rg --version 2>/dev/null | head -1; }

install() {
  if command -v rg >/dev/null 2>&1; then
    say "already installed: $(version)"
    return 0
  fi
  [ "$(id -u)" = 0 ] || die "ripgrep is not installed and this is not root: run 'sudo apt-get install ripgrep'"
  command -v apt-get >/dev/null || die "ripgrep is not installed and there is no apt-get here"
  say "installing ripgrep (apt-get)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ripgrep >/dev/null
  command -v rg >/dev/null || die "ripgrep installed but rg is not on PATH"
  say "installed: $(version)"
}

status() {
  if command -v rg >/dev/null 2>&1; then
    version
    return 0
  fi
  say "not installed"
  return 3
}

case "${1:-}" in
  install) install ;;
  status) status ;;
  *) echo "usage: $0 install|status" >&2; exit 2 ;;
esac
