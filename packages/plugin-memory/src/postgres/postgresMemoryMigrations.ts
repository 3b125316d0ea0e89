/**
 * Quoted SQL names a migration renders into: the store's schema and the schema holding the
 * pgvector extension (its `vector` type and operators).
 * @public
 */
export interface PostgresMemoryNames {
  /** The store's schema, double-quoted, e.g. `"cortex_memory"`. */
  readonly schema: string;
  /** The pgvector extension's schema, double-quoted, e.g. `"public"`. */
  readonly vector: string;
}

/**
 * One versioned schema change of the PostgreSQL store. Each runs in its own transaction and
 * is recorded in `<schema>.memory_migrations` with a checksum of its SQL.
 * @public
 */
export interface PostgresMigration {
  /** 1, 2, 3, …: applied in order, never reused. */
  readonly version: number;
  /** A short name recorded with the version in `memory_migrations`. */
  readonly name: string;
  /** The SQL (one or more statements) for the given names. */
  readonly sql: (names: PostgresMemoryNames) => string;
}

/** Migration 1: tables, keyword index, BM25 corpus statistics. Nothing here needs pgvector. */
const coreTables: PostgresMigration = {
  version: 1,
  name: 'core tables and keyword index',
  sql: ({ schema: s }) => `
CREATE TABLE ${s}.memory_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  instance uuid NOT NULL DEFAULT gen_random_uuid(),
  embedding_model text,
  embedding_dimensions integer CHECK (embedding_dimensions > 0),
  stop_words text
);
INSERT INTO ${s}.memory_state DEFAULT VALUES;

CREATE TABLE ${s}.memories (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id uuid NOT NULL UNIQUE,
  kind text NOT NULL,
  text text NOT NULL,
  modality text NOT NULL CHECK (modality IN ('text', 'image', 'audio', 'video')),
  content bytea,
  media_type text,
  tags text[] NOT NULL,
  metadata jsonb NOT NULL,
  tier text NOT NULL,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  expires_at bigint,
  embedding_model text,
  embedding_dimensions integer,
  version integer NOT NULL,
  -- The indexed words (toIndexTokens: folded, stop words dropped, space-separated) and their count.
  fts_text text NOT NULL,
  fts_tokens integer NOT NULL,
  tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, fts_text)) STORED
);
CREATE INDEX memories_kind ON ${s}.memories (kind, id);
CREATE INDEX memories_created ON ${s}.memories (created_at);
CREATE INDEX memories_tags ON ${s}.memories USING gin (tags);
CREATE INDEX memories_tsv ON ${s}.memories USING gin (tsv);

CREATE TABLE ${s}.memory_history (
  id uuid NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  text text NOT NULL,
  tags text[] NOT NULL,
  metadata jsonb NOT NULL,
  expires_at bigint,
  replaced_at bigint NOT NULL,
  PRIMARY KEY (id, version)
);

-- BM25 needs the document count and the average document length; kept exact by statement triggers.
CREATE TABLE ${s}.memory_fts_stats (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  documents bigint NOT NULL DEFAULT 0,
  tokens bigint NOT NULL DEFAULT 0
);
INSERT INTO ${s}.memory_fts_stats DEFAULT VALUES;

CREATE FUNCTION ${s}.memory_fts_stats_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ${s}.memory_fts_stats SET documents = documents + d.n, tokens = tokens + d.t
    FROM (SELECT count(*) AS n, coalesce(sum(fts_tokens), 0) AS t FROM new_rows) AS d WHERE d.n > 0;
  RETURN NULL;
END $$;
CREATE FUNCTION ${s}.memory_fts_stats_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ${s}.memory_fts_stats SET documents = documents - d.n, tokens = tokens - d.t
    FROM (SELECT count(*) AS n, coalesce(sum(fts_tokens), 0) AS t FROM old_rows) AS d WHERE d.n > 0;
  RETURN NULL;
END $$;
CREATE FUNCTION ${s}.memory_fts_stats_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE ${s}.memory_fts_stats SET tokens = tokens + d.t
    FROM (SELECT (SELECT coalesce(sum(fts_tokens), 0) FROM new_rows) - (SELECT coalesce(sum(fts_tokens), 0) FROM old_rows) AS t) AS d WHERE d.t <> 0;
  RETURN NULL;
END $$;
CREATE TRIGGER memories_fts_stats_insert AFTER INSERT ON ${s}.memories
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${s}.memory_fts_stats_insert();
CREATE TRIGGER memories_fts_stats_delete AFTER DELETE ON ${s}.memories
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${s}.memory_fts_stats_delete();
CREATE TRIGGER memories_fts_stats_update AFTER UPDATE ON ${s}.memories
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${s}.memory_fts_stats_update();
`,
};

/**
 * Migration 2: the vector column. Its HNSW index is created when the first vectors fix the
 * model's dimension count (an expression index on `embedding::vector(d)`), and rebuilt by `reindex`.
 */
const vectorColumn: PostgresMigration = {
  version: 2,
  name: 'pgvector embedding column',
  sql: ({ schema: s, vector: v }) => `ALTER TABLE ${s}.memories ADD COLUMN embedding ${v}.vector;`,
};

/**
 * The PostgreSQL store's migrations, oldest first. Append only: an applied migration is never
 * edited (its checksum is verified on open).
 * @public
 */
export const postgresMemoryMigrations: readonly PostgresMigration[] = [coreTables, vectorColumn];
