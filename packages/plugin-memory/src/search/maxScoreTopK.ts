import { bm25TermScore } from './bm25TermScore.js';
import type { PostingList } from './PostingList.js';
import { TopKHeap } from './TopKHeap.js';

/** A query term with its postings and idf, in query order. */
export interface KeywordQueryTerm {
  readonly postings: PostingList;
  readonly idf: number;
}

/** A document and its BM25. */
export interface KeywordMatch {
  readonly row: number;
  readonly score: number;
}

/** Relative slack on bounds, far above rounding error and far below any real score gap. */
const boundSlack = 1 + 1e-9;

/** True when a document whose score is at most `bound` might still enter a top k whose worst score is `threshold`. */
function mayReach(bound: number, threshold: number): boolean {
  return bound * boundSlack >= threshold;
}

/** The most a term can add to any document's BM25: its best tf with its shortest document. */
function upperBound(term: KeywordQueryTerm, averageLength: number): number {
  const list = term.postings;
  if (list.length === 0) return 0;
  return bm25TermScore(term.idf, list.maxTf, list.minLength, averageLength);
}

/** Sums a document's per-term scores in query order, as FTS5 does, so equal documents score bit-equal. */
function sumInQueryOrder(contributions: Float64Array, present: Uint8Array): number {
  let score = 0;
  for (let i = 0; i < contributions.length; i++) if (present[i] === 1) score += contributions[i] as number;
  return score;
}

/**
 * The `k` documents with the highest BM25 for an OR query (ties: lower row first), found with
 * MaxScore dynamic pruning: terms are ordered by the most they can add; once the k-th best
 * score exceeds what the weakest terms can add together, those terms only score documents
 * found through the others (by seeking their postings) and never drive the scan. The result
 * equals scoring every matching document (see the property test).
 */
export function maxScoreTopK(terms: readonly KeywordQueryTerm[], k: number, averageLength: number): KeywordMatch[] {
  const m = terms.length;
  if (k <= 0 || m === 0) return [];
  const bounds = terms.map((t) => upperBound(t, averageLength));
  // order[j]: query position of the j-th weakest term; prefix[j]: sum of the j weakest bounds.
  const order = terms.map((_, i) => i).sort((a, b) => (bounds[a] as number) - (bounds[b] as number));
  const prefix = new Float64Array(m + 1);
  for (let j = 0; j < m; j++) prefix[j + 1] = (prefix[j] as number) + (bounds[order[j] as number] as number);
  const cursors = new Int32Array(m);
  const contributions = new Float64Array(m);
  const present = new Uint8Array(m);
  const heap = new TopKHeap(k);
  let firstEssential = 0;

  for (;;) {
    // The next document: the lowest row under an essential term's cursor.
    let row = Number.POSITIVE_INFINITY;
    for (let j = firstEssential; j < m; j++) {
      const q = order[j] as number;
      const list = (terms[q] as KeywordQueryTerm).postings;
      const at = cursors[q] as number;
      if (at < list.length && list.rowAt(at) < row) row = list.rowAt(at);
    }
    if (row === Number.POSITIVE_INFINITY) break;
    let partial = 0;
    for (let j = firstEssential; j < m; j++) {
      const q = order[j] as number;
      const term = terms[q] as KeywordQueryTerm;
      const at = cursors[q] as number;
      if (at < term.postings.length && term.postings.rowAt(at) === row) {
        const s = bm25TermScore(term.idf, term.postings.tfAt(at), term.postings.lengthAt(at), averageLength);
        contributions[q] = s;
        present[q] = 1;
        partial += s;
        cursors[q] = at + 1;
      }
    }
    // Non-essential terms, strongest first, while the document can still reach the top k.
    const threshold = heap.threshold;
    let viable = true;
    for (let j = firstEssential - 1; j >= 0; j--) {
      if (!mayReach(partial + (prefix[j + 1] as number), threshold)) {
        viable = false;
        break;
      }
      const q = order[j] as number;
      const term = terms[q] as KeywordQueryTerm;
      const at = term.postings.seek(row, cursors[q] as number);
      cursors[q] = at;
      if (at < term.postings.length && term.postings.rowAt(at) === row) {
        const s = bm25TermScore(term.idf, term.postings.tfAt(at), term.postings.lengthAt(at), averageLength);
        contributions[q] = s;
        present[q] = 1;
        partial += s;
      }
    }
    if (viable && heap.offer(row, sumInQueryOrder(contributions, present)) && heap.full) {
      while (firstEssential < m && !mayReach(prefix[firstEssential + 1] as number, heap.threshold)) firstEssential++;
    }
    present.fill(0);
  }
  return heap.sorted();
}

/** BM25 of one document (`length` tokens) for the query, summed in query order as FTS5 does; 0 when no term occurs. */
export function bm25OfRow(terms: readonly KeywordQueryTerm[], row: number, length: number, averageLength: number): number {
  let score = 0;
  for (const term of terms) {
    const tf = term.postings.tfOf(row);
    if (tf > 0) score += bm25TermScore(term.idf, tf, length, averageLength);
  }
  return score;
}
