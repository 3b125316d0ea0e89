import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The repository root. */
export const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * Absolute path of a file under the repository that the run's one `tsc -b` produced (test/support/buildOnce.ts),
 * checked to exist so that a missing build fails here, naming the file, and not later inside a child process.
 */
export function builtFile(relativePath: string): string {
  const file = join(repoRoot, relativePath);
  if (!existsSync(file)) {
    throw new Error(
      `${relativePath} is missing: the tests run the built packages. Run \`tsc -b\` (the integration and slow projects' ` +
        'globalSetup does, unless CORTEX_BUILT=1 says it already ran).',
    );
  }
  return file;
}
