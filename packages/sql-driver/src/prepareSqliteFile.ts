import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Makes the folder of a SQLite file (SQLite creates a file, never its folder) and returns the
 * file: what a store does before opening a default file under the runtime home. `:memory:` is
 * returned as it is. A folder that cannot be made (a file in the way, no permission) is left to
 * the open that follows, which reports it typed and without the path.
 * @public
 */
export function prepareSqliteFile(file: string): string {
  if (file === ':memory:') return file;
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
  } catch {
    // Reported by the open, see above.
  }
  return file;
}
