import type { PoolClient } from 'pg';
import type { MemoryIntegrityReport } from '../store/MemoryStore.js';
import { postgresHnswIndexName, type PostgresStoreState } from './PostgresMemoryDriver.js';
import { countedFromRowsSql } from './postgresMemoryMigrations.js';

/** Entries of the kept counts (migration 3) that differ from the rows, both ways. */
async function keptCountsDiffering(client: PoolClient, s: string, v: string): Promise<number> {
  const counted = countedFromRowsSql(s, v);
  const kept = `SELECT kind, modality, embedding_model, dims, n, vectors FROM ${s}.memory_counts WHERE n <> 0 OR vectors <> 0`;
  const row = (
    await client.query<{ n: string }>(`SELECT count(*) AS n FROM ((${counted} EXCEPT ${kept}) UNION ALL (${kept} EXCEPT ${counted})) AS d`)
  ).rows[0];
  return Number(row?.n ?? 0);
}

/** Problems with the keyword statistics, the kept counts and the HNSW index of the store's model. */
async function findProblems(client: PoolClient, s: string, v: string, state: PostgresStoreState): Promise<string[]> {
  const problems: string[] = [];
  const differing = await keptCountsDiffering(client, s, v);
  if (differing > 0)
    problems.push(`kept counts: ${differing} (kind, modality, model, dimensions) entries differ between the memories and memory_counts`);
  const fts = (
    await client.query<{ documents: string; tokens: string; real_documents: string; real_tokens: string }>(
      `SELECT f.documents, f.tokens, (SELECT count(*) FROM ${s}.memories) AS real_documents, (SELECT coalesce(sum(fts_tokens), 0) FROM ${s}.memories) AS real_tokens FROM ${s}.memory_fts_stats f`,
    )
  ).rows[0];
  if (fts === undefined || fts.documents !== fts.real_documents || fts.tokens !== fts.real_tokens) {
    problems.push(
      `keyword statistics disagree with the table (${fts?.documents}/${fts?.tokens} recorded, ${fts?.real_documents}/${fts?.real_tokens} counted)`,
    );
  }
  if (state.model === null) return problems;
  const index = (
    await client.query<{ valid: boolean; definition: string }>(
      `SELECT i.indisvalid AND i.indisready AS valid, pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = $1 AND c.relnamespace = $2::regnamespace`,
      [postgresHnswIndexName, s],
    )
  ).rows[0];
  if (index === undefined) problems.push(`the HNSW index ${postgresHnswIndexName} is missing`);
  else if (!index.valid) problems.push(`the HNSW index ${postgresHnswIndexName} is invalid (an interrupted build): call reindex()`);
  else if (!index.definition.includes(`vector(${state.dimensions})`) || !index.definition.includes('vector_cosine_ops'))
    problems.push(`the HNSW index does not match the model's ${state.dimensions} dimensions`);
  return problems;
}

/**
 * The PostgreSQL store's integrity check: keyword statistics and kept counts against the table, the HNSW index
 * of the store's model, and every vector of that model (others are not in the index).
 * @param s - the store's schema, double-quoted; `v` pgvector's
 */
export async function checkPostgresIntegrity(
  client: PoolClient,
  s: string,
  v: string,
  state: PostgresStoreState,
): Promise<MemoryIntegrityReport> {
  const problems = await findProblems(client, s, v, state);
  const rows = (
    await client.query<{ id: string; indexed: boolean }>(
      `SELECT id, (embedding_model IS NOT DISTINCT FROM $1 AND ${v}.vector_dims(embedding) = $2) AS indexed FROM ${s}.memories WHERE embedding IS NOT NULL`,
      [state.model, state.dimensions ?? 0],
    )
  ).rows;
  const missingFromIndex = rows.filter((r) => !r.indexed).map((r) => r.id);
  return {
    ok: problems.length === 0 && missingFromIndex.length === 0,
    database: problems.length === 0 ? 'ok' : problems.join('; '),
    tableVectors: rows.length,
    indexVectors: rows.length - missingFromIndex.length,
    missingFromIndex,
    extraInIndex: 0,
  };
}
