import type { MemoryFilter } from '../schema/memorySchemas.js';
import { toIndexTokens } from '../search/toFtsQuery.js';
import type { PostgresWhere } from './searchPostgresKeywords.js';

/** The keyword index covers this many characters of a memory's indexed words (a tsvector holds at most 1 MB). */
const maxIndexedChars = 500_000;

/** pgvector's text form: `[0.1,0.2,…]`. Each float32 prints as the shortest double that reads back to it. */
export function toVectorLiteral(vector: Float32Array): string {
  return `[${Array.from(vector).join(',')}]`;
}

/** The indexed words of a text, as the keyword index holds them, and their count. */
export function toPostgresFtsText(text: string, stopWords: ReadonlySet<string>): { ftsText: string; ftsTokens: number } {
  const words: string[] = [];
  let chars = 0;
  for (const word of toIndexTokens(text, stopWords)) {
    chars += word.length + 1;
    if (chars > maxIndexedChars) break;
    words.push(word);
  }
  return { ftsText: words.join(' '), ftsTokens: words.length };
}

/**
 * The WHERE conditions of a filter over alias `m` (expiry included), with `$1`… placeholders.
 */
export function postgresFilterSql(filter: MemoryFilter | undefined, at: number): PostgresWhere {
  const params: unknown[] = [at];
  const clauses = ['(m.expires_at IS NULL OR m.expires_at > $1)'];
  const add = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter?.kinds !== undefined) clauses.push(`m.kind = ANY(${add(filter.kinds)}::text[])`);
  if (filter?.modalities !== undefined) clauses.push(`m.modality = ANY(${add(filter.modalities)}::text[])`);
  if (filter?.tiers !== undefined) clauses.push(`m.tier = ANY(${add(filter.tiers)}::text[])`);
  if (filter?.tags !== undefined && filter.tags.length > 0) clauses.push(`m.tags @> ${add(filter.tags)}::text[]`);
  if (filter?.createdFrom !== undefined) clauses.push(`m.created_at >= ${add(filter.createdFrom)}`);
  if (filter?.createdTo !== undefined) clauses.push(`m.created_at < ${add(filter.createdTo)}`);
  return { sql: clauses.join(' AND '), params };
}

/** Compares dotted version numbers. */
export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
