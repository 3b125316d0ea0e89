import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const vitestBin = fileURLToPath(new URL('../../../../node_modules/vitest/vitest.mjs', import.meta.url));
const reporter = fileURLToPath(new URL('../../src/flake/index.ts', import.meta.url));

/** Runs the flake fixture once in a real vitest process with the flake reporter; returns the exit code. */
export function runFlakeFixture(flakeFile: string, env: Record<string, string> = {}): number | null {
  const result = spawnSync(
    process.execPath,
    [
      vitestBin,
      'run',
      '--config',
      'packages/plugin-gates/test/fixtures/flake/vitest.fixture.config.ts',
      '--reporter=dot',
      `--reporter=${reporter}`,
    ],
    { cwd: repoRoot, env: { ...process.env, CORTEX_GATES_FLAKE_FILE: flakeFile, ...env }, encoding: 'utf8' },
  );
  if (result.error) throw result.error;
  return result.status;
}
