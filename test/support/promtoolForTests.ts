// promtool for the rule tests: required when CI=true (.ci/run unpacks it with
// scripts/services/promtool.sh), skipped with a loud reason elsewhere when absent.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './builtFile.js';

const run = promisify(execFile);

/** What one promtool command printed, and whether it succeeded. */
export interface PromtoolRun {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs promtool with `args`; a failing check is a result, not an exception. */
export type Promtool = (args: readonly string[]) => Promise<PromtoolRun>;

/** promtool from `.cache/tools` or PATH, or undefined (outside CI only) with a warning naming `what` is skipped. */
export async function promtoolForTests(what: string): Promise<Promtool | undefined> {
  const unpacked = join(repoRoot, '.cache/tools/prometheus/usr/bin/promtool');
  const candidates = existsSync(unpacked) ? [unpacked, 'promtool'] : ['promtool'];
  for (const path of candidates) {
    try {
      await run(path, ['--version']);
      return async (args) => {
        try {
          const { stdout, stderr } = await run(path, [...args]);
          return { ok: true, output: stdout + stderr };
        } catch (error) {
          const failed = error as { stdout?: string; stderr?: string };
          return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
        }
      };
    } catch {
      // Not this one; try the next.
    }
  }
  if (process.env['CI'] === 'true') throw new Error('promtool is required when CI=true: .ci/run unpacks it (scripts/services/promtool.sh)');
  console.warn(`\n⚠ promtool is not available: ${what} SKIPPED. Run \`bash scripts/services/promtool.sh install\`.\n`);
  return undefined;
}
