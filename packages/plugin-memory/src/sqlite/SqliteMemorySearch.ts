import type Database from 'better-sqlite3';
import type { MemoryFilter, MemoryModality } from '../schema/memorySchemas.js';
import { bm25Idf } from '../search/bm25TermScore.js';
import type { KeywordIndex } from '../search/KeywordIndex.js';
import { bm25OfRow, maxScoreTopK, type KeywordQueryTerm } from '../search/maxScoreTopK.js';
import type { PostingList } from '../search/PostingList.js';
import { toFtsTerms } from '../search/toFtsQuery.js';
import type { MemoryCandidateRow, MemoryKeywordMatches, MemorySearchSession } from '../engine/MemoryStoreDriver.js';
import { hasMemoryFilter } from '../store/hasMemoryFilter.js';
import { topK } from '../vector/createExactVectorIndex.js';
import { createBlobDot } from './createBlobDot.js';
import type { FtsTokenizer } from './createFtsTokenizer.js';
import { readFtsAverages, type FtsAverages } from './ftsBm25.js';
import { sqliteMemoryColumns, sqliteRowToMemory, type SqliteMemoryRow } from './sqliteMemoryRow.js';
import { SqliteFilterScope } from './SqliteFilterScope.js';
import { sqliteFilterSql } from './sqliteFilterSql.js';
import type { SqliteVectorIndex } from './SqliteVectorIndex.js';

/** What {@link SqliteMemorySearch} searches. */
export interface SqliteMemorySearchOptions {
  readonly db: Database.Database;
  readonly vectors: SqliteVectorIndex;
  readonly keywords: KeywordIndex;
  readonly tokenizer: FtsTokenizer;
  readonly stopWords: ReadonlySet<string>;
  readonly exactFilterThreshold: number;
}

/** A keyword query: its terms (as FTS5 folds them), FTS5's statistics and each kept term's postings and idf. */
interface KeywordQuery {
  readonly terms: string[];
  readonly averages: FtsAverages;
  readonly indexed: KeywordQueryTerm[];
}

/**
 * A filter's scope is counted up to 4 × the exact-scan threshold (at least 4,096): enough to tell
 * a small scope from a large one and to size the over-fetch, at a bounded cost.
 */
function scopeCountCap(exactFilterThreshold: number): number {
  return Math.max(4 * exactFilterThreshold, 4_096);
}

/** Stores up to this size search every scope within `exactFilterThreshold` exactly. */
const alwaysScanBelow = 512;

/** Past this many store-wide keyword matches, a large scope's keyword search is one FTS5 query instead. */
const keywordFetchCap = 20_000;

/** Keyword matches in scope, best first, and whether they are every match in scope. */
interface KeywordTop {
  readonly top: readonly { readonly row: number; readonly score: number }[];
  readonly complete: boolean;
}

const noMatches: MemoryKeywordMatches = { scores: new Map(), complete: true, scoreRows: async () => new Map() };

/**
 * The SQLite driver's search session at one instant: semantic candidates from the vector index
 * (or an exact scan of a selective filter), keyword candidates from the in-process keyword
 * index with MaxScore (or one FTS5 query when filtered), scores and order exactly FTS5's `bm25()`.
 */
export class SqliteMemorySearch implements MemorySearchSession {
  readonly #o: SqliteMemorySearchOptions;
  readonly #at: number;
  readonly #selectEmbedding: Database.Statement<[number], { embedding: Buffer | null }>;
  #scoped: { readonly filter: MemoryFilter | undefined; readonly scope: SqliteFilterScope } | undefined;

  constructor(options: SqliteMemorySearchOptions, at: number) {
    this.#o = options;
    this.#at = at;
    this.#selectEmbedding = options.db.prepare('SELECT embedding FROM memories WHERE row = ?');
  }

  /** The scope of this search's filter (semantic and keyword search share it, and its row list). */
  #scope(filter: MemoryFilter | undefined): SqliteFilterScope {
    if (this.#scoped === undefined || this.#scoped.filter !== filter)
      this.#scoped = { filter, scope: new SqliteFilterScope(this.#o.db, filter ?? {}, this.#at) };
    return this.#scoped.scope;
  }

  /**
   * True when the filter's scope is small enough to search exactly: at most `exactFilterThreshold`
   * (its estimate is counted up to {@link scopeCountCap}), and not most of a store of more than
   * {@link alwaysScanBelow} — there the over-fetch reads at most `3·k` rows instead of them all
   * (an agent whose memories are the whole store).
   */
  #smallScope(scope: SqliteFilterScope, size: number): boolean {
    const estimate = scope.estimate(scopeCountCap(this.#o.exactFilterThreshold));
    return estimate <= this.#o.exactFilterThreshold && (size <= alwaysScanBelow || estimate * 2 <= size);
  }

  async semantic(vector: Float32Array, _shape: unknown, k: number, filter: MemoryFilter | undefined): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    const index = this.#o.vectors.index;
    if (index === undefined || index.size() === 0) return out;
    if (!hasMemoryFilter(filter)) {
      // No filter: no SQL here; expired memories are dropped when rows are loaded.
      for (const m of index.search(vector, Math.min(index.size(), k))) out.set(m.key, m.similarity);
      return out;
    }
    const scope = this.#scope(filter);
    if (this.#smallScope(scope, index.size())) {
      // A small scope (ADR 0034): its rows come from the tag index and are scanned exactly.
      const rows = scope.rows().filter((r) => r.embedding !== null) as { row: number; embedding: Buffer }[];
      const score = createBlobDot(vector);
      for (const hit of topK(rows.length, k, (i) => score((rows[i] as { embedding: Buffer }).embedding)))
        out.set((rows[hit.index] as { row: number }).row, hit.score);
      return out;
    }
    return this.#oversampled(vector, k, scope);
  }

  /**
   * ANN over a large scope: fetch enough neighbours that `k` are expected to pass the filter
   * (k over the estimated share of the store, with slack), keep those the filter allows, and
   * fetch more, scaled by the share that passed, until `k` pass or the whole index was searched.
   */
  #oversampled(vector: Float32Array, k: number, scope: SqliteFilterScope): Map<number, number> {
    const out = new Map<number, number>();
    const index = this.#o.vectors.index as NonNullable<SqliteVectorIndex['index']>;
    const size = index.size();
    const share = Math.min(1, Math.max(scope.estimate(scopeCountCap(this.#o.exactFilterThreshold)), 1) / size);
    for (let fetch = Math.min(size, Math.max(2 * k, Math.ceil((1.5 * k) / share))); ; ) {
      const matches = index.search(vector, fetch);
      const allowed = scope.allowed(matches.map((m) => m.key));
      out.clear();
      for (const m of matches) if (allowed.has(m.key) && out.size < k) out.set(m.key, m.similarity);
      if (out.size >= k || fetch >= size) return out;
      fetch = Math.min(size, Math.ceil(fetch * Math.max(2, (1.5 * k) / Math.max(allowed.size, 1))));
    }
  }

  /**
   * Query terms with their document frequencies; terms in more than half the documents are left
   * out (see below). Terms are folded by FTS5 itself (as the indexed words were), so a word FTS5
   * folds differently from JavaScript (`σοφός` → `σοφοσ`) still finds its documents.
   */
  #keywordQuery(query: string): KeywordQuery | undefined {
    const { tokenizer, keywords } = this.#o;
    const all = [...new Set(toFtsTerms(query, this.#o.stopWords).flatMap((term) => tokenizer.tokens(term)))];
    if (all.length === 0) return undefined;
    const averages = readFtsAverages(this.#o.db, 'memories_fts');
    const df = new Map<string, number>();
    for (const term of all) df.set(term, keywords.documentFrequency(term));
    // FTS5 floors the idf of a term found in more than half the documents at 1e-6, so such a term
    // adds at most ~2e-6 to any score: leaving it out of the MATCH changes no ranking but skips
    // scoring every document it occurs in. Small stores keep every term (cheap anyway).
    const terms = averages.rows >= 1000 ? all.filter((t) => (df.get(t) ?? 0) * 2 <= averages.rows) : all;
    const kept = terms.filter((t) => (df.get(t) ?? 0) > 0);
    if (kept.length === 0) return undefined;
    const indexed = kept.map((t) => ({ postings: keywords.postings(t) as PostingList, idf: bm25Idf(averages.rows, df.get(t) ?? 0) }));
    return { terms: kept, averages, indexed };
  }

  /** Every row of the scope that matches, best first (ties: lower row first, as FTS5 orders them). */
  #scopeTopK(query: KeywordQuery, scope: SqliteFilterScope, averageLength: number): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (const { row } of scope.rows()) {
      const length = this.#o.keywords.documentLength(row);
      if (length === undefined) continue;
      const score = bm25OfRow(query.indexed, row, length, averageLength);
      if (score > 0) out.push({ row, score });
    }
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /**
   * A large scope's best `k` BM25 matches: the store's best matches from the keyword index
   * (MaxScore), over-fetched by the scope's share and kept when the filter passes them, fetching
   * more until `k` pass or every match was seen. Exact: the best `k` in scope are among the
   * store's best `fetch` once `k` of those pass. Gives up (undefined) past {@link keywordFetchCap}.
   */
  #oversampledKeywords(query: KeywordQuery, k: number, scope: SqliteFilterScope, averageLength: number): KeywordTop | undefined {
    const share = Math.min(1, Math.max(scope.estimate(scopeCountCap(this.#o.exactFilterThreshold)), 1) / Math.max(query.averages.rows, 1));
    for (let fetch = Math.max(2 * k, Math.ceil((1.5 * k) / share)); fetch <= keywordFetchCap; ) {
      const matches = maxScoreTopK(query.indexed, fetch, averageLength);
      const allowed = scope.allowed(matches.map((m) => m.row));
      const top = matches.filter((m) => allowed.has(m.row)).slice(0, k);
      const exhausted = matches.length < fetch;
      if (top.length >= k || exhausted) return { top, complete: exhausted && allowed.size <= k };
      fetch = Math.ceil(fetch * Math.max(2, (1.5 * k) / Math.max(allowed.size, 1)));
    }
    return undefined;
  }

  /** The best `k` BM25 matches in scope from one FTS5 query with the filter (scoring every match of the store). */
  #ftsKeywords(query: KeywordQuery, k: number, filter: MemoryFilter | undefined): KeywordTop {
    const match = query.terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
    const where = sqliteFilterSql(filter, this.#at);
    const rows = this.#o.db
      .prepare(
        `SELECT f.rowid AS row, -bm25(memories_fts) AS score FROM memories_fts f JOIN memories m ON m.row = f.rowid WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm25(memories_fts) LIMIT ?`,
      )
      .all(match, ...where.params, k) as { row: number; score: number }[];
    return { top: rows, complete: rows.length < k };
  }

  /**
   * The best `k` BM25 matches (ties: lower row first, as FTS5 orders them). Without a filter, from
   * the in-process keyword index with MaxScore pruning; otherwise one FTS5 query with a LIMIT
   * joined with `memories`. Other rows are scored from the keyword index's postings with FTS5's
   * own statistics (a second FTS5 query restricted to them would use different ones; ADR 0009).
   */
  async keyword(query: string, k: number, filter: MemoryFilter | undefined): Promise<MemoryKeywordMatches> {
    const keywordQuery = this.#keywordQuery(query);
    if (keywordQuery === undefined) return noMatches;
    const averageLength = keywordQuery.averages.tokens / keywordQuery.averages.rows;
    const scores = new Map<number, number>();
    let complete: boolean;
    if (!hasMemoryFilter(filter)) {
      const top = maxScoreTopK(keywordQuery.indexed, k, averageLength);
      for (const r of top) scores.set(r.row, r.score);
      complete = top.length < k;
    } else if (this.#smallScope(this.#scope(filter), keywordQuery.averages.rows)) {
      // A small scope (ADR 0034): score its rows from the postings instead of every match of the store.
      const top = this.#scopeTopK(keywordQuery, this.#scope(filter), averageLength);
      for (const r of top.slice(0, k)) scores.set(r.row, r.score);
      // Every row in scope was scored: the list is complete when no match was cut off.
      complete = top.length <= k;
    } else {
      const found =
        this.#oversampledKeywords(keywordQuery, k, this.#scope(filter), averageLength) ?? this.#ftsKeywords(keywordQuery, k, filter);
      for (const r of found.top) scores.set(r.row, r.score);
      complete = found.complete;
    }
    const scoreRows = async (keys: readonly number[]): Promise<Map<number, number>> => {
      const out = new Map<number, number>();
      for (const key of keys) {
        const length = this.#o.keywords.documentLength(key);
        if (length === undefined) continue;
        const score = bm25OfRow(keywordQuery.indexed, key, length, averageLength);
        if (score > 0) out.set(key, score);
      }
      return out;
    };
    return { scores, complete, scoreRows };
  }

  async cosines(vector: Float32Array, keys: readonly number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    const score = createBlobDot(vector);
    for (const key of keys) {
      const blob = this.#selectEmbedding.get(key)?.embedding;
      if (blob != null) out.set(key, score(blob));
    }
    return out;
  }

  async rows(keys: readonly number[]): Promise<Map<number, MemoryCandidateRow>> {
    const out = new Map<number, MemoryCandidateRow>();
    if (keys.length === 0) return out;
    const found = this.#o.db
      .prepare(`SELECT ${sqliteMemoryColumns} FROM memories WHERE row IN (${keys.map(() => '?').join(',')})`)
      .all(...keys) as SqliteMemoryRow[];
    for (const r of found)
      out.set(r.row, { modality: r.modality as MemoryModality, expiresAt: r.expires_at, memory: () => sqliteRowToMemory(r) });
    return out;
  }
}
