// ripgrep for the toolkit tests: required when CI=true (.ci/run installs it with
// scripts/services/ripgrep.sh), skipped with a loud reason elsewhere when absent.
import { detectRipgrep, type RipgrepInstallation } from '@cortex-os/plugin-toolkit';

/** The ripgrep on PATH, or undefined (outside CI only) with a warning naming `what` is skipped. */
export async function ripgrepForTests(what: string): Promise<RipgrepInstallation | undefined> {
  const ripgrep = await detectRipgrep();
  if (ripgrep !== undefined) return ripgrep;
  if (process.env['CI'] === 'true') throw new Error('ripgrep is required when CI=true: .ci/run installs it (scripts/services/ripgrep.sh)');
  console.warn(`\n⚠ ripgrep (rg) is not installed: ${what} SKIPPED. Run \`bash scripts/services/ripgrep.sh install\`.\n`);
  return undefined;
}
