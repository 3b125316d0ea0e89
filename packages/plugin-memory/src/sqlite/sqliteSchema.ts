/**
 * Schema of the embedded store, version 1. The `memories` table is the source of truth; the
 * FTS5 table is kept in step by triggers (external content); `vector_log` records every
 * vector change in the same transaction as the change, so the derived vector index can be
 * repaired after a crash by replaying the entries newer than its last save.
 */
export const sqliteSchemaVersion = 1;

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
  version INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS memories_kind ON memories(kind, id);
CREATE INDEX IF NOT EXISTS memories_created ON memories(created_at);
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
CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(text, content='memories', content_rowid='row', tokenize='unicode61');
CREATE TRIGGER IF NOT EXISTS memories_ai AFTER INSERT ON memories BEGIN
  INSERT INTO memories_fts(rowid, text) VALUES (new.row, new.text);
END;
CREATE TRIGGER IF NOT EXISTS memories_ad AFTER DELETE ON memories BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.row, old.text);
END;
CREATE TRIGGER IF NOT EXISTS memories_au AFTER UPDATE OF text ON memories BEGIN
  INSERT INTO memories_fts(memories_fts, rowid, text) VALUES ('delete', old.row, old.text);
  INSERT INTO memories_fts(rowid, text) VALUES (new.row, new.text);
END;
CREATE TABLE IF NOT EXISTS vector_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, row INTEGER NOT NULL) STRICT;
`;
