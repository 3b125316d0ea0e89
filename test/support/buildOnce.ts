// globalSetup of the integration and slow projects: their child processes run the built `dist/`,
// so the run builds once here instead of each test file running its own `tsc -b`.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** `CORTEX_BUILT=1`: the caller already ran `tsc -b` for this run (scripts/test-all.mjs does), so skip it. */
export const builtEnv = 'CORTEX_BUILT';

export async function setup(): Promise<void> {
  if (process.env[builtEnv] === '1') return;
  // Incremental: a no-op build takes a few seconds.
  const tsc = spawn(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: root, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve, reject) => {
    tsc.once('error', reject);
    tsc.once('exit', (exitCode) => resolve(exitCode));
  });
  if (code !== 0) throw new Error(`\`tsc -b\` failed (exit ${code}); the integration and slow tests run the built dist/ and cannot start`);
  // Vitest runs the projects' global setups one after another in this process: the next one skips.
  process.env[builtEnv] = '1';
}
