import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { MemoryError } from '../errors/MemoryError.js';
import { toIndexTokens } from '../search/toFtsQuery.js';
import {
  sqliteCountsBackfill,
  sqliteCountsSchema,
  sqliteFtsDrop,
  sqliteFtsSchema,
  sqliteSchemaVersion,
  sqliteTagsBackfill,
  sqliteTagsSchema,
} from './sqliteSchema.js';

/**
 * Brings an opened database to the current schema: a new database gets the keyword index; version
 * 1 gains the indexed-words column; a changed stop list re-indexes the words; a database without
 * the tag index gains it, filled from every row's tags in one transaction (ADR 0034), and one without
 * the kept counts gains them the same way. A read-only store runs no migration: it reads only a database already in the current schema and stop list.
 * @returns the database's instance marker (created on first open).
 * @throws {@link MemoryError} `MEMORY_STORE_CORRUPT` for a schema version this release cannot read;
 * `MEMORY_STORE_READ_ONLY` when a read-only store would need a migration.
 */
export function migrateSqliteSchema(db: Database.Database, stopWords: ReadonlySet<string>, readOnly: boolean): string {
  const getMeta = db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?');
  const meta = (key: string): string | undefined => getMeta.get(key)?.value;
  const stopList = [...stopWords].sort().join(' ');
  const version = meta('schema_version');
  if (version !== undefined && version !== '1' && version !== String(sqliteSchemaVersion)) {
    throw new MemoryError(
      'MEMORY_STORE_CORRUPT',
      `the database at ${db.name} has schema version ${version}; this version of @cortex-os/plugin-memory reads versions 1 and ${sqliteSchemaVersion}.`,
      { details: { path: db.name, version } },
    );
  }
  const instance = meta('instance');
  if (readOnly) {
    if (
      version === String(sqliteSchemaVersion) &&
      meta('fts_stop_words') === stopList &&
      meta('tags_indexed') === '1' &&
      instance !== undefined
    )
      return instance;
    throw MemoryError.create('MEMORY_STORE_READ_ONLY', {
      reason: 'the database needs a migration (or another stop list) first; open it once without readOnly',
    });
  }
  const setMeta = db.prepare<[string, string]>(
    'INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  );
  /** Recomputes every memory's indexed words and rebuilds the FTS index (migration, new stop list). */
  const reindexWords = db.transaction((addColumn: boolean) => {
    db.exec(sqliteFtsDrop);
    if (addColumn) db.exec("ALTER TABLE memories ADD COLUMN fts_text TEXT NOT NULL DEFAULT ''");
    const set = db.prepare<[string, number]>('UPDATE memories SET fts_text = ? WHERE row = ?');
    for (const r of db.prepare('SELECT row, text FROM memories').iterate() as IterableIterator<{ row: number; text: string }>)
      set.run(toIndexTokens(r.text, stopWords).join(' '), r.row);
    db.exec(sqliteFtsSchema);
    db.prepare("INSERT INTO memories_fts(memories_fts) VALUES ('rebuild')").run();
    setMeta.run('fts_stop_words', stopList);
    setMeta.run('schema_version', String(sqliteSchemaVersion));
  });
  if (version === undefined) {
    db.exec(sqliteFtsSchema);
    setMeta.run('schema_version', String(sqliteSchemaVersion));
    setMeta.run('fts_stop_words', stopList);
  } else if (version === '1') {
    reindexWords(true);
  } else {
    db.exec(sqliteFtsSchema);
    if (meta('fts_stop_words') !== stopList) reindexWords(false);
  }
  for (const addition of filledAdditions) if (meta(addition.marker) !== '1') addFilled(db, setMeta, addition);
  if (instance !== undefined) return instance;
  const created = randomUUID();
  setMeta.run('instance', created);
  return created;
}

/** A part of the schema added without a version bump: its table, kept by triggers, filled from the rows once. */
interface FilledAddition {
  readonly schema: string;
  readonly table: string;
  readonly backfill: string;
  /** The `meta` key set to `1` once it is filled. */
  readonly marker: string;
}

/** The tag index (ADR 0034) and the kept counts per kind and modality. */
const filledAdditions: readonly FilledAddition[] = [
  { schema: sqliteTagsSchema, table: 'memory_tags', backfill: sqliteTagsBackfill, marker: 'tags_indexed' },
  { schema: sqliteCountsSchema, table: 'memory_counts', backfill: sqliteCountsBackfill, marker: 'counts_kept' },
];

/**
 * Adds `addition` and fills it from every row, with its marker, in one transaction: a crash
 * before the commit leaves neither, so the next open does it again. The triggers keep it in step
 * from then on, whichever release writes (they live in the database).
 */
function addFilled(db: Database.Database, setMeta: Database.Statement<[string, string]>, addition: FilledAddition): void {
  db.transaction(() => {
    db.exec(addition.schema);
    db.exec(`DELETE FROM ${addition.table}`);
    db.exec(addition.backfill);
    setMeta.run(addition.marker, '1');
  })();
}
