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

/** One statement-level trigger per change (`<prefix>_insert`, `_delete`, `_update`) on `memories`, each with its transition tables, calling `call`. */
function statementTriggers(s: string, prefix: string, call: string): string {
  const tables = {
    INSERT: 'NEW TABLE AS new_rows',
    DELETE: 'OLD TABLE AS old_rows',
    UPDATE: 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
  };
  return Object.entries(tables)
    .map(
      ([event, referencing]) =>
        `CREATE TRIGGER ${prefix}_${event.toLowerCase()} AFTER ${event} ON ${s}.memories REFERENCING ${referencing} FOR EACH STATEMENT EXECUTE FUNCTION ${call};`,
    )
    .join('\n');
}

/** The columns a kept count is keyed by, as selected from `memories` or a transition table. */
function countKey(v: string): string {
  return `kind, modality, embedding_model, ${v}.vector_dims(embedding)`;
}

/** The kept counts as counted from the rows: what migration 3 fills them with and `checkIntegrity` compares them to. */
export function countedFromRowsSql(s: string, v: string): string {
  return `SELECT ${countKey(v)}, count(*), count(embedding) FROM ${s}.memories GROUP BY 1, 2, 3, 4`;
}

/** Adds the `(key, n, vectors)` rows of `select` to the kept counts, locking their rows in key order. */
function addToCounts(s: string, select: string): string {
  return `INSERT INTO ${s}.memory_counts AS c (kind, modality, embedding_model, dims, n, vectors)
      ${select} ORDER BY 1, 2, 3, 4
    ON CONFLICT (kind, modality, embedding_model, dims) DO UPDATE SET n = c.n + excluded.n, vectors = c.vectors + excluded.vectors;`;
}

/**
 * Migration 3: counts of memories (and of vectors, per model and dimension count) per kind and
 * modality, kept by statement triggers from the transition tables, filled from the rows once, and
 * a covering index of the memories that expire. `stats()` (which every health check calls) reads
 * the counts less the expired memories instead of scanning `memories` (whose rows carry the
 * vectors) three times. Each trigger locks the count rows it changes in key order, so concurrent
 * writers never wait on each other in a cycle.
 */
const keptCounts: PostgresMigration = {
  version: 3,
  name: 'kept counts per kind and modality',
  sql: ({ schema: s, vector: v }) => `
CREATE TABLE ${s}.memory_counts (
  kind text NOT NULL,
  modality text NOT NULL,
  embedding_model text,
  dims integer,
  n bigint NOT NULL,
  vectors bigint NOT NULL,
  UNIQUE NULLS NOT DISTINCT (kind, modality, embedding_model, dims)
);
INSERT INTO ${s}.memory_counts (kind, modality, embedding_model, dims, n, vectors)
  ${countedFromRowsSql(s, v)};
CREATE INDEX memories_expiring ON ${s}.memories (expires_at, kind, modality) WHERE expires_at IS NOT NULL;

CREATE FUNCTION ${s}.memory_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    ${addToCounts(s, `SELECT ${countKey(v)}, count(*), count(embedding) FROM new_rows GROUP BY 1, 2, 3, 4`)}
  ELSIF TG_OP = 'DELETE' THEN
    ${addToCounts(s, `SELECT ${countKey(v)}, -count(*), -count(embedding) FROM old_rows GROUP BY 1, 2, 3, 4`)}
  ELSE
    -- Only keys whose counts change: an update of text or tags alone locks no count row.
    ${addToCounts(
      s,
      `SELECT kind, modality, embedding_model, dims, sum(n), sum(vectors) FROM (
        SELECT ${countKey(v)} AS dims, 1 AS n, (embedding IS NOT NULL)::int AS vectors FROM new_rows
        UNION ALL
        SELECT ${countKey(v)}, -1, -(embedding IS NOT NULL)::int FROM old_rows
      ) AS d GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0 OR sum(vectors) <> 0`,
    )}
  END IF;
  RETURN NULL;
END $$;
${statementTriggers(s, 'memories_kept_counts', `${s}.memory_counts_change()`)}
`,
};

/**
 * The PostgreSQL store's migrations, oldest first. Append only: an applied migration is never
 * edited (its checksum is verified on open).
 * @public
 */
export const postgresMemoryMigrations: readonly PostgresMigration[] = [coreTables, vectorColumn, keptCounts];
