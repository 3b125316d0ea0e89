import { join } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Turns a store's folder into one as a release before the kept counts wrote it (same schema
 * version, no `memory_counts`, its triggers, index and marker), and runs `alsoSql` on it too.
 */
export function withoutKeptCounts(dataDir: string, alsoSql = ''): void {
  const db = new Database(join(dataDir, 'memories.sqlite'));
  try {
    db.exec(
      `${alsoSql} DROP TRIGGER memories_counts_ai; DROP TRIGGER memories_counts_ad; DROP TRIGGER memories_counts_au; DROP INDEX memories_expiring; DROP TABLE memory_counts; DELETE FROM meta WHERE key = 'counts_kept';`,
    );
  } finally {
    db.close();
  }
}
