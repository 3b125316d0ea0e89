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
import { dot } from '../vector/VectorIndex.js';
import type { FtsTokenizer } from './createFtsTokenizer.js';
import { readFtsAverages, type FtsAverages } from './ftsBm25.js';
import { blobToVector, sqliteMemoryColumns, sqliteRowToMemory, type SqliteMemoryRow } from './sqliteMemoryRow.js';
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

  constructor(options: SqliteMemorySearchOptions, at: number) {
    this.#o = options;
    this.#at = at;
    this.#selectEmbedding = options.db.prepare('SELECT embedding FROM memories WHERE row = ?');
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
    const { db } = this.#o;
    const where = sqliteFilterSql(filter, this.#at);
    const count = (
      db.prepare(`SELECT count(*) AS n FROM memories m WHERE m.embedding IS NOT NULL AND ${where.sql}`).get(...where.params) as {
        n: number;
      }
    ).n;
    if (count <= this.#o.exactFilterThreshold) {
      // A selective filter: scan its rows exactly instead of hoping the ANN top-k contains them.
      const rows = db
        .prepare(`SELECT m.row AS row, m.embedding AS embedding FROM memories m WHERE m.embedding IS NOT NULL AND ${where.sql}`)
        .all(...where.params) as { row: number; embedding: Buffer }[];
      for (const hit of topK(rows.length, k, (i) => dot(vector, blobToVector((rows[i] as { embedding: Buffer }).embedding))))
        out.set((rows[hit.index] as { row: number }).row, hit.score);
      return out;
    }
    // ANN with over-fetching: grow k until enough candidates survive the filter (and expiry).
    for (let fetch = Math.min(index.size(), Math.max(k, 16)); ; fetch = Math.min(index.size(), fetch * 4)) {
      const matches = index.search(vector, fetch);
      const keys = matches.map((m) => m.key);
      const allowed = new Set(
        keys.length === 0
          ? []
          : (
              db
                .prepare(`SELECT m.row AS row FROM memories m WHERE m.row IN (${keys.map(() => '?').join(',')}) AND ${where.sql}`)
                .all(...keys, ...where.params) as { row: number }[]
            ).map((r) => r.row),
      );
      out.clear();
      for (const m of matches) if (allowed.has(m.key) && out.size < k) out.set(m.key, m.similarity);
      if (out.size >= k || fetch >= index.size()) return out;
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
    let found: number;
    if (!hasMemoryFilter(filter)) {
      const top = maxScoreTopK(keywordQuery.indexed, k, averageLength);
      for (const r of top) scores.set(r.row, r.score);
      found = top.length;
    } else {
      const match = keywordQuery.terms.map((t) => `"${t.replaceAll('"', '""')}"`).join(' OR ');
      const where = sqliteFilterSql(filter, this.#at);
      const rows = this.#o.db
        .prepare(
          `SELECT f.rowid AS row, -bm25(memories_fts) AS score FROM memories_fts f JOIN memories m ON m.row = f.rowid WHERE memories_fts MATCH ? AND ${where.sql} ORDER BY bm25(memories_fts) LIMIT ?`,
        )
        .all(match, ...where.params, k) as { row: number; score: number }[];
      for (const r of rows) scores.set(r.row, r.score);
      found = rows.length;
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
    return { scores, complete: found < k, scoreRows };
  }

  async cosines(vector: Float32Array, keys: readonly number[]): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const key of keys) {
      const blob = this.#selectEmbedding.get(key)?.embedding;
      if (blob != null) out.set(key, dot(vector, blobToVector(blob)));
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
