#!/usr/bin/env bash
# Entry point of the README's commands: `npm run demo` and `npm test`.
# Ensures the toolchain, installs the workspace from the lockfile, then runs the task.
set -euo pipefail
CORTEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CORTEX_ROOT
cd "$CORTEX_ROOT"
# shellcheck source=toolchain.sh
source "$CORTEX_ROOT/scripts/toolchain.sh"

task="${1:?usage: scripts/run.sh <task> [args...]}"; shift
stamp="node_modules/.cortex-install-stamp"
if [ ! -f "$stamp" ] || [ pnpm-lock.yaml -nt "$stamp" ] || [ package.json -nt "$stamp" ]; then
  echo "› installing dependencies (pnpm install --frozen-lockfile)" >&2
  pnpm install --frozen-lockfile --reporter=silent
  touch "$stamp"
fi
exec pnpm run --silent "$task" "$@"
