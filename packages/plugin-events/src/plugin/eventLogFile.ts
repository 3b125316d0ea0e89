import { join } from 'node:path';
import { resolveRuntimeHome } from '@cortex-os/kernel';
import { prepareSqliteFile } from '@cortex-os/sql-driver';

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
  return prepareSqliteFile(options.file ?? defaultEventLogFile(resolveRuntimeHome({ env: process.env }).dir));
}
