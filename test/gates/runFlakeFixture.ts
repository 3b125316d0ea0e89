import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { builtFile, repoRoot } from '../support/builtFile.js';

const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
// The built reporter, as CI's flake step loads it (.ci/run).
const reporter = builtFile('packages/plugin-gates/dist/flake/index.js');

/** Runs the flake fixture once in a real vitest process with the flake reporter; returns the exit code. */
export function runFlakeFixture(flakeFile: string, env: Record<string, string> = {}): number | null {
  const result = spawnSync(
    process.execPath,
    [vitestBin, 'run', '--config', 'test/gates/fixtures/vitest.fixture.config.ts', '--reporter=dot', `--reporter=${reporter}`],
    { cwd: repoRoot, env: { ...process.env, CORTEX_GATES_FLAKE_FILE: flakeFile, ...env }, encoding: 'utf8' },
  );
  if (result.error) throw result.error;
  return result.status;
}
