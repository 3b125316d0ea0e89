import type Database from 'better-sqlite3';
import type { VectorIndexPersistence } from '../storage/VectorIndexPersistence.js';
import type { MemoryIntegrityReport } from '../store/MemoryStore.js';
import type { VectorIndex } from '../vector/VectorIndex.js';

/** Rows of the query `sql`. */
function rowCount(db: Database.Database, sql: string): number {
  return (db.prepare(`SELECT count(*) AS n FROM (${sql})`).get() as { n: number }).n;
}

/** Pairs of (row, tag) in the rows' tags and not in the tag index, and the other way round (ADR 0034). */
function tagIndexProblem(db: Database.Database): string | undefined {
  const count = (sql: string): number => rowCount(db, sql);
  const rowsTags = 'SELECT m.row, j.value FROM memories m, json_each(m.tags) j';
  const indexed = 'SELECT row, tag FROM memory_tags';
  const missing = count(`${rowsTags} EXCEPT ${indexed}`);
  const extra = count(`${indexed} EXCEPT ${rowsTags}`);
  return missing === 0 && extra === 0 ? undefined : `tag index: ${missing} tags of memories missing, ${extra} entries of no memory`;
}

/** Kinds and modalities whose kept counts (`memory_counts`: memories, vectors) differ from the rows', when the database keeps counts. */
function keptCountsProblem(db: Database.Database): string | undefined {
  if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'memory_counts'").get() === undefined) return undefined;
  const counted = 'SELECT kind, modality, count(*), count(embedding) FROM memories GROUP BY kind, modality';
  const kept = 'SELECT kind, modality, n, vectors FROM memory_counts WHERE n <> 0 OR vectors <> 0';
  // Both ways: a count the rows do not have, and a count the kept table lacks or holds wrongly.
  const differing = rowCount(db, `${counted} EXCEPT ${kept}`) + rowCount(db, `${kept} EXCEPT ${counted}`);
  return differing === 0
    ? undefined
    : `kept counts: ${differing} (kind, modality, memories, vectors) entries differ between the memories and memory_counts`;
}

/**
 * The SQLite store's integrity check: `PRAGMA integrity_check` and FTS5's own check, the tag index
 * against the rows' tags, the kept counts against the rows, the vector
 * index against the table, and the saved index file against its sidecar's checksums (a damaged
 * file is marked stale, so the next save replaces it; the next open would rebuild it anyway).
 */
export function checkSqliteIntegrity(
  db: Database.Database,
  index: VectorIndex | undefined,
  persistence: VectorIndexPersistence | undefined,
): MemoryIntegrityReport {
  const results = db.pragma('integrity_check') as { integrity_check: string }[];
  let database = results.map((r) => r.integrity_check).join('; ');
  try {
    db.prepare("INSERT INTO memories_fts(memories_fts) VALUES ('integrity-check')").run();
  } catch (error) {
    database = `${database === 'ok' ? '' : `${database}; `}fts: ${(error as Error).message}`;
  }
  for (const problem of [tagIndexProblem(db), keptCountsProblem(db)])
    if (problem !== undefined) database = `${database === 'ok' ? '' : `${database}; `}${problem}`;
  const verdict = index?.kind === 'hnsw' ? persistence?.verify() : undefined;
  // A graph served from a file that changed on disk stops reading it before anything is asked of it.
  if (verdict?.state === 'damaged') index?.detach?.();
  const rows = db.prepare('SELECT row, id FROM memories WHERE embedding IS NOT NULL').all() as { row: number; id: string }[];
  const missingFromIndex = rows.filter((r) => index?.has(r.row) !== true).map((r) => r.id);
  const indexVectors = index?.size() ?? 0;
  const extraInIndex = indexVectors - (rows.length - missingFromIndex.length);
  const indexFiles = verdict?.state === 'damaged' ? [{ file: verdict.file, problem: verdict.problem }] : [];
  if (indexFiles.length > 0) persistence?.markStale(indexVectors);
  return {
    ok: database === 'ok' && missingFromIndex.length === 0 && extraInIndex === 0 && indexFiles.length === 0,
    database,
    tableVectors: rows.length,
    indexVectors,
    missingFromIndex,
    extraInIndex,
    ...(persistence === undefined ? {} : { indexFiles }),
  };
}
