import type Database from 'better-sqlite3';
import type { MemoryFilter } from '../schema/memorySchemas.js';
import { type SqliteWhere, sqliteFilterSql } from './sqliteFilterSql.js';

/** A row in a filter's scope, with its embedding (null for a memory without one). */
export interface SqliteScopeRow {
  readonly row: number;
  readonly embedding: Buffer | null;
}

/**
 * The memories a search filter leaves, for choosing how to search them (ADR 0034): their number
 * is estimated from an index, never by testing every row — with tags, from the tag index's range
 * of the rarest tag; otherwise by the filter's own query — and counted only up to a cap, so the
 * estimate costs at most `cap` index steps however large the store. When the scope is small its
 * rows are listed (through the rarest tag's range when there are tags) and searched exactly;
 * when it is large, ANN candidates are checked against the full filter by row.
 */
export class SqliteFilterScope {
  readonly #db: Database.Database;
  readonly #filter: MemoryFilter;
  readonly #where: SqliteWhere;
  /** The filter's rarest tag and its bounded count, once estimated. */
  #rarest: { readonly tag: string | undefined; readonly count: number; readonly cap: number } | undefined;
  #rows: SqliteScopeRow[] | undefined;

  constructor(db: Database.Database, filter: MemoryFilter, at: number) {
    this.#db = db;
    this.#filter = filter;
    this.#where = sqliteFilterSql(filter, at);
  }

  /**
   * How many memories the filter leaves, at most: exact up to `cap`, `cap + 1` beyond (with tags,
   * the rarest tag's count, an upper bound, as the filter's other conditions only remove rows).
   */
  estimate(cap: number): number {
    if (this.#rarest !== undefined && this.#rarest.cap >= cap) return Math.min(this.#rarest.count, cap + 1);
    const tags = [...new Set(this.#filter.tags ?? [])];
    if (tags.length === 0) {
      const { sql, params } = this.#where;
      const count = this.#count(`SELECT 1 FROM memories m WHERE ${sql} LIMIT ?`, [...params, cap + 1]);
      this.#rarest = { tag: undefined, count, cap };
      return count;
    }
    let rarest: { tag: string; count: number } | undefined;
    for (const tag of tags) {
      const count = this.#count('SELECT 1 FROM memory_tags WHERE tag = ? LIMIT ?', [tag, cap + 1]);
      if (rarest === undefined || count < rarest.count) rarest = { tag, count };
      if (count === 0) break;
    }
    const found = rarest as { tag: string; count: number };
    this.#rarest = { ...found, cap };
    return found.count;
  }

  #count(sql: string, params: unknown[]): number {
    return (this.#db.prepare(`SELECT count(*) AS n FROM (${sql})`).get(...params) as { n: number }).n;
  }

  /** Every memory in scope with its embedding, by row (meant for a scope {@link estimate} found small). */
  rows(): readonly SqliteScopeRow[] {
    if (this.#rows !== undefined) return this.#rows;
    const tag = this.#rarest?.tag;
    const { sql, params } = this.#where;
    // CROSS JOIN keeps SQLite from reordering: walk the rarest tag's range, look each row up.
    this.#rows =
      tag === undefined
        ? (this.#db
            .prepare(`SELECT m.row AS row, m.embedding AS embedding FROM memories m WHERE ${sql}`)
            .all(...params) as SqliteScopeRow[])
        : (this.#db
            .prepare(
              `SELECT m.row AS row, m.embedding AS embedding FROM memory_tags d CROSS JOIN memories m ON m.row = d.row WHERE d.tag = ? AND ${sql}`,
            )
            .all(tag, ...params) as SqliteScopeRow[]);
    return this.#rows;
  }

  /**
   * The ones of `keys` (rows) that the filter keeps. With tags, the rarest tag is probed in the tag
   * index first (its primary key: no table row is read), so only the keys that have it are looked
   * up in the table for the filter's other conditions: an over-fetch of many neighbours of which
   * few are in scope reads few rows.
   */
  allowed(keys: readonly number[]): Set<number> {
    if (keys.length === 0) return new Set();
    const { sql, params } = this.#where;
    const tag = this.#rarest?.tag;
    const candidates =
      tag === undefined
        ? keys
        : (this.#db
            .prepare('SELECT row FROM memory_tags WHERE tag = ? AND row IN (SELECT value FROM json_each(?))')
            .pluck()
            .all(tag, JSON.stringify(keys)) as number[]);
    if (candidates.length === 0) return new Set();
    const found = this.#db
      .prepare(`SELECT m.row AS row FROM memories m WHERE m.row IN (SELECT value FROM json_each(?)) AND ${sql}`)
      .all(JSON.stringify(candidates), ...params) as { row: number }[];
    return new Set(found.map((r) => r.row));
  }
}
