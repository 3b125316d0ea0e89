import type { PoolClient, Pool } from 'pg';

/** A pg connection or pool: anything with `query`. */
export type PostgresQueryable = Pick<PoolClient, 'query'> | Pick<Pool, 'query'>;

/** A WHERE fragment over alias `m` whose placeholders continue after the caller's own. */
export interface PostgresWhere {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** Options of {@link searchPostgresKeywords}. */
export interface SearchPostgresKeywordsOptions {
  /** Best matches to return (ignored with `seqs`). */
  readonly limit?: number;
  /** Score only these rows (completing the keyword side of semantic candidates). */
  readonly seqs?: readonly number[];
  /** Extra conditions on the memories (alias `m`); `$1`… inside it are renumbered. */
  readonly where?: PostgresWhere;
}

/** Shifts `$n` placeholders of `sql` by `offset`. */
export function shiftPlaceholders(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

/**
 * Okapi BM25 of the rows matching any of `terms`, computed in SQL with FTS5's formula and
 * constants (k1 = 1.2, b = 0.75, idf = ln((N − df + 0.5) / (df + 0.5)) floored at 1e-6),
 * highest first. Candidates come from the GIN index on `tsv` (one bitmap scan per term);
 * `df` counts every document holding the term, `N` and the average length come from
 * `memory_fts_stats`, the document length is `fts_tokens`, and `tf` the term's positions in
 * `tsv` (PostgreSQL keeps at most 256 per word). `ts_rank` is not used: it has no IDF.
 *
 * @param schema - the store's schema, double-quoted
 * @param terms - query terms as `toFtsTerms` returns them (folded words)
 * @returns score by row `seq`
 */
export async function searchPostgresKeywords(
  db: PostgresQueryable,
  schema: string,
  terms: readonly string[],
  options: SearchPostgresKeywordsOptions = {},
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (terms.length === 0 || options.seqs?.length === 0) return out;
  const params: unknown[] = [terms];
  let extra = '';
  if (options.seqs !== undefined) {
    params.push(options.seqs);
    extra += ` AND m.seq = ANY($${params.length}::bigint[])`;
  }
  if (options.where !== undefined) {
    extra += ` AND ${shiftPlaceholders(options.where.sql, params.length)}`;
    params.push(...options.where.params);
  }
  let limit = '';
  if (options.seqs === undefined && options.limit !== undefined) {
    params.push(options.limit);
    limit = ` LIMIT $${params.length}`;
  }
  // Scalar subqueries (one row each) and a lateral `tf` keep the planner's estimates small;
  // a cross join with a CTE made it estimate millions of rows and JIT-compile an 8-row query.
  const n = `(SELECT documents::float8 FROM ${schema}.memory_fts_stats)`;
  const avgdl = `(SELECT CASE WHEN documents > 0 THEN tokens::float8 / documents ELSE 1 END FROM ${schema}.memory_fts_stats)`;
  const sql = `
WITH lexemes AS (
  SELECT DISTINCT u.lexeme FROM unnest($1::text[]) AS t(term) CROSS JOIN LATERAL unnest(to_tsvector('simple'::regconfig, t.term)) AS u
),
weights AS (
  SELECT l.lexeme, plainto_tsquery('simple'::regconfig, l.lexeme) AS q, greatest(ln((${n} - d.df + 0.5) / (d.df + 0.5)), 1e-6) AS idf
  FROM lexemes l
  CROSS JOIN LATERAL (SELECT count(*)::float8 AS df FROM ${schema}.memories x WHERE x.tsv @@ plainto_tsquery('simple'::regconfig, l.lexeme)) AS d
)
SELECT m.seq, sum(w.idf * f.tf * 2.2 / (f.tf + 1.2 * (0.25 + 0.75 * m.fts_tokens::float8 / ${avgdl}))) AS score
FROM weights w
JOIN ${schema}.memories m ON m.tsv @@ w.q
CROSS JOIN LATERAL (SELECT coalesce(array_length(p.positions, 1), 1)::float8 AS tf FROM unnest(m.tsv) AS p WHERE p.lexeme = w.lexeme LIMIT 1) AS f
WHERE true${extra}
GROUP BY m.seq
ORDER BY score DESC, m.seq DESC${limit}`;
  const rows = (await db.query<{ seq: string; score: number }>(sql, params)).rows;
  for (const r of rows) out.set(Number(r.seq), Number(r.score));
  return out;
}
