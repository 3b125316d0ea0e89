import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { resolveRuntimeHome } from '@cortex-os/kernel';

/**
 * The log's SQLite file under a runtime home folder: `events/events.sqlite`, the file
 * `eventsPlugin` uses when given neither `file` nor `postgres` (for hosts such as the CLI
 * that resolve the home from an environment of their own).
 * @public
 */
export function defaultEventLogFile(homeDir: string): string {
  return join(homeDir, 'events', 'events.sqlite');
}

/**
 * The SQLite file of the log: the one given, else `events/events.sqlite` under the runtime home
 * (`$CORTEX_HOME`, else the platform's data folder), its folder created — SQLite creates a
 * file, not its folder. Undefined with `postgres`.
 */
export function eventLogFile(options: { readonly file?: string | undefined; readonly postgres?: unknown }): string | undefined {
  if (options.postgres !== undefined) return undefined;
  const file = options.file ?? defaultEventLogFile(resolveRuntimeHome({ env: process.env }).dir);
  if (file === ':memory:') return file;
  try {
    mkdirSync(dirname(resolve(file)), { recursive: true });
  } catch {
    // Not creatable (a file in the way, no permission): opening the log reports it, typed and without the path.
  }
  return file;
}
