import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Sets or clears a file's immutable flag (`chattr +i` / `-i`), which stops writes by root too
 * (CI runs as root, where permission bits do not); false where that is not permitted.
 */
export function chattr(flag: '+i' | '-i', path: string): boolean {
  try {
    execFileSync('chattr', [flag, path], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `chattr +i` works in `folder` (tried on a probe file there); warns loudly, naming
 * `what` needs it, when it does not (no CAP_LINUX_IMMUTABLE, or a file system without the flag).
 */
export function immutableFilesWork(folder: string, what: string): boolean {
  const probe = join(folder, 'probe');
  writeFileSync(probe, '');
  const works = chattr('+i', probe) && chattr('-i', probe);
  if (!works) console.warn(`SKIPPED: chattr +i is not permitted here; ${what} needs it`);
  return works;
}
