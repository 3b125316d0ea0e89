/**
 * Schema of the embedded store, version 2. The `memories` table is the source of truth; the
 * FTS5 table indexes `fts_text` (the text's words without stop words, see `toIndexTokens`) and
 * is kept in step by triggers (external content); `vector_log` records every vector change in
 * the same transaction as the change, so the derived vector index can be repaired after a
 * crash by replaying the entries newer than its last save; `keyword_log` does the same for the
saved keyword index (written by triggers that a file store adds, see `SqliteKeywordIndex`).
 *
 * Version 1 indexed `text` itself; opening a version-1 database migrates it (adds `fts_text`,
 * rebuilds the FTS index). The tag index (see {@link sqliteTagsSchema}) is additive, like the
 * keyword log: added and filled on the first writable open, no version bump (ADR 0034).
 */
export const sqliteSchemaVersion = 2;

/**
 * The tag index: one `(tag, row)` pair per tag of each memory, kept in step by triggers in the
 * writing transaction (so it is never stale), for filtered searches and lists: the rows of a tag
 * are one index range instead of a `json_each` over every row (ADR 0034).
 */
export const sqliteTagsSchema = `
CREATE TABLE IF NOT EXISTS memory_tags (tag TEXT NOT NULL, row INTEGER NOT NULL, PRIMARY KEY (tag, row)) STRICT, WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS memories_tags_ai AFTER INSERT ON memories BEGIN
  INSERT OR IGNORE INTO memory_tags(tag, row) SELECT value, new.row FROM json_each(new.tags);
END;
CREATE TRIGGER IF NOT EXISTS memories_tags_ad AFTER DELETE ON memories BEGIN
  DELETE FROM memory_tags WHERE tag IN (SELECT value FROM json_each(old.tags)) AND row = old.row;
END;
CREATE TRIGGER IF NOT EXISTS memories_tags_au AFTER UPDATE OF tags ON memories BEGIN
  DELETE FROM memory_tags WHERE tag IN (SELECT value FROM json_each(old.tags)) AND row = old.row;
  INSERT OR IGNORE INTO memory_tags(tag, row) SELECT value, new.row FROM json_each(new.tags);
END;
`;

/** Fills `memory_tags` from every memory's tags (a database written before the tag index). */
export const sqliteTagsBackfill = 'INSERT OR IGNORE INTO memory_tags(tag, row) SELECT j.value, m.row FROM memories m, json_each(m.tags) j';

/**
 * Counts of memories (and of those with a vector) per kind and modality, kept by triggers in the
 * writing transaction, and a covering index of the memories that expire: `stats()` (which every
 * health check calls) reads the counts and subtracts the expired ones, and the number of vectors
 * the saved vector index is checked against is their sum — instead of scans of a table whose rows
 * carry the vectors (3.1 s at 1M memories, the event loop standing still meanwhile). Additive like
 * the tag index: added and filled on the first writable open, no version bump.
 */
export const sqliteCountsSchema = `
CREATE TABLE IF NOT EXISTS memory_counts (kind TEXT NOT NULL, modality TEXT NOT NULL, n INTEGER NOT NULL, vectors INTEGER NOT NULL, PRIMARY KEY (kind, modality)) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS memories_expiring ON memories(expires_at, kind, modality) WHERE expires_at IS NOT NULL;
CREATE TRIGGER IF NOT EXISTS memories_counts_ai AFTER INSERT ON memories BEGIN
  INSERT OR IGNORE INTO memory_counts(kind, modality, n, vectors) VALUES (new.kind, new.modality, 0, 0);
  UPDATE memory_counts SET n = n + 1, vectors = vectors + (new.embedding IS NOT NULL) WHERE kind = new.kind AND modality = new.modality;
END;
CREATE TRIGGER IF NOT EXISTS memories_counts_ad AFTER DELETE ON memories BEGIN
  UPDATE memory_counts SET n = n - 1, vectors = vectors - (old.embedding IS NOT NULL) WHERE kind = old.kind AND modality = old.modality;
END;
CREATE TRIGGER IF NOT EXISTS memories_counts_au AFTER UPDATE OF kind, modality, embedding ON memories BEGIN
  UPDATE memory_counts SET n = n - 1, vectors = vectors - (old.embedding IS NOT NULL) WHERE kind = old.kind AND modality = old.modality;
  INSERT OR IGNORE INTO memory_counts(kind, modality, n, vectors) VALUES (new.kind, new.modality, 0, 0);
  UPDATE memory_counts SET n = n + 1, vectors = vectors + (new.embedding IS NOT NULL) WHERE kind = new.kind AND modality = new.modality;
END;
`;

/** Fills `memory_counts` from every memory (a database written before the counts). */
export const sqliteCountsBackfill =
  'INSERT INTO memory_counts(kind, modality, n, vectors) SELECT kind, modality, count(*), count(embedding) FROM memories GROUP BY kind, modality';

/** The FTS objects, dropped and recreated when the indexed words must be recomputed. */
export const sqliteFtsSchema = `
CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(fts_text, content='memories', content_rowid='row', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts_vocab USING fts5vocab(memories_fts, 'row');
CREATE TRIGGER IF NOT EXISTS memories_ai AFTER INSERT ON memories BEGIN
  INSERT INTO memories_fts(rowid, fts_text) VALUES (new.row, new.fts_text);
END;
CREATE TRIGGER IF NOT EXISTS memories_ad AFTER DELETE ON memories BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, fts_text) VALUES ('delete', old.row, old.fts_text);
END;
CREATE TRIGGER IF NOT EXISTS memories_au AFTER UPDATE OF fts_text ON memories BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, fts_text) VALUES ('delete', old.row, old.fts_text);
  INSERT INTO memories_fts(rowid, fts_text) VALUES (new.row, new.fts_text);
END;
`;

/** Drops the FTS objects (see {@link sqliteFtsSchema}). */
export const sqliteFtsDrop = `
DROP TRIGGER IF EXISTS memories_ai;
DROP TRIGGER IF EXISTS memories_ad;
DROP TRIGGER IF EXISTS memories_au;
DROP TRIGGER IF EXISTS memories_kw_ai;
DROP TRIGGER IF EXISTS memories_kw_ad;
DROP TRIGGER IF EXISTS memories_kw_au;
DROP TABLE IF EXISTS memories_fts_vocab;
DROP TABLE IF EXISTS memories_fts;
`;

export const sqliteSchema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS memories (
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  modality TEXT NOT NULL,
  content BLOB,
  media_type TEXT,
  tags TEXT NOT NULL,
  metadata TEXT NOT NULL,
  tier TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  embedding BLOB,
  embedding_model TEXT,
  embedding_dimensions INTEGER,
  version INTEGER NOT NULL,
  fts_text TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX IF NOT EXISTS memories_kind ON memories(kind, id);
CREATE INDEX IF NOT EXISTS memories_created ON memories(created_at);
CREATE INDEX IF NOT EXISTS memories_embedded ON memories(row) WHERE embedding IS NOT NULL;
CREATE TABLE IF NOT EXISTS memory_history (
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  kind TEXT NOT NULL,
  text TEXT NOT NULL,
  tags TEXT NOT NULL,
  metadata TEXT NOT NULL,
  expires_at INTEGER,
  replaced_at INTEGER NOT NULL,
  PRIMARY KEY (id, version)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vector_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, row INTEGER NOT NULL) STRICT;
CREATE TABLE IF NOT EXISTS keyword_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, row INTEGER NOT NULL) STRICT;
`;
