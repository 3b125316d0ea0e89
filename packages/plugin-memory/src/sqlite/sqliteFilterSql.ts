import type { MemoryFilter } from '../schema/memorySchemas.js';

/** SQL conditions and their `?` parameters. */
export interface SqliteWhere {
  sql: string;
  params: unknown[];
}

/** `alias.column IN (?, …)` for a list of values (`IN (NULL)`, matching nothing, for none). */
function inList(column: string, values: readonly string[], where: SqliteWhere): string {
  where.params.push(...values);
  return `${column} IN (${values.map(() => '?').join(',') || 'NULL'})`;
}

/** The WHERE conditions of a filter over the `memories` table alias (expiry at `at` included). */
export function sqliteFilterSql(filter: MemoryFilter | undefined, at: number, alias = 'm'): SqliteWhere {
  const where: SqliteWhere = { sql: '', params: [at] };
  const clauses = [`(${alias}.expires_at IS NULL OR ${alias}.expires_at > ?)`];
  if (filter?.kinds !== undefined) clauses.push(inList(`${alias}.kind`, filter.kinds, where));
  if (filter?.modalities !== undefined) clauses.push(inList(`${alias}.modality`, filter.modalities, where));
  if (filter?.tiers !== undefined) clauses.push(inList(`${alias}.tier`, filter.tiers, where));
  for (const tag of filter?.tags ?? []) {
    // One probe of the tag index's primary key per row (ADR 0034), not a parse of the row's tags.
    clauses.push(`EXISTS (SELECT 1 FROM memory_tags t WHERE t.tag = ? AND t.row = ${alias}.row)`);
    where.params.push(tag);
  }
  if (filter?.createdFrom !== undefined) {
    clauses.push(`${alias}.created_at >= ?`);
    where.params.push(filter.createdFrom);
  }
  if (filter?.createdTo !== undefined) {
    clauses.push(`${alias}.created_at < ?`);
    where.params.push(filter.createdTo);
  }
  where.sql = clauses.join(' AND ');
  return where;
}
