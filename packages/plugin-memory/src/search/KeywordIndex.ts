import { PostingList } from './PostingList.js';

/**
 * An in-process inverted index over documents' indexed words (see `toIndexTokens`): a posting
 * list per term and each document's length. It is derived data — the store rebuilds it from
 * SQLite on open and updates it after each committed write — and serves BM25 top-k and exact
 * per-document BM25 without scoring every match.
 */
export interface KeywordIndex {
  /** Documents indexed (including empty ones). */
  readonly size: number;
  /** Tokens over all documents. */
  readonly totalTokens: number;
  /** Indexes `row` with its words in order (repeats kept), replacing what it held before. */
  set(row: number, tokens: readonly string[]): void;
  /** Forgets `row`; returns false when it was not indexed. */
  remove(row: number): boolean;
  /** The documents holding `term`, or undefined when none does. */
  postings(term: string): PostingList | undefined;
  /** Documents holding `term`. */
  documentFrequency(term: string): number;
  /** Tokens in `row`, or undefined when it is not indexed. */
  documentLength(row: number): number | undefined;
}

interface IndexedDocument {
  readonly terms: readonly PostingList[];
  readonly length: number;
}

/** Counts each distinct token of a document into `counts` (cleared first; reused across calls). */
function countTokens(tokens: readonly string[], counts: Map<string, number>): Map<string, number> {
  counts.clear();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * Creates an empty {@link KeywordIndex}.
 */
export function createKeywordIndex(): KeywordIndex {
  const lists = new Map<string, PostingList>();
  const documents = new Map<number, IndexedDocument>();
  const counts = new Map<string, number>();
  let totalTokens = 0;

  function remove(row: number): boolean {
    const doc = documents.get(row);
    if (doc === undefined) return false;
    for (const list of doc.terms) {
      list.remove(row);
      if (list.length === 0) lists.delete(list.term);
    }
    documents.delete(row);
    totalTokens -= doc.length;
    return true;
  }

  function set(row: number, tokens: readonly string[]): void {
    remove(row);
    const terms: PostingList[] = [];
    for (const [term, tf] of countTokens(tokens, counts)) {
      let list = lists.get(term);
      if (list === undefined) {
        list = new PostingList(term);
        lists.set(term, list);
      }
      list.add(row, tf, tokens.length);
      terms.push(list);
    }
    documents.set(row, { terms, length: tokens.length });
    totalTokens += tokens.length;
  }

  return {
    get size() {
      return documents.size;
    },
    get totalTokens() {
      return totalTokens;
    },
    set,
    remove,
    postings: (term) => lists.get(term),
    documentFrequency: (term) => lists.get(term)?.length ?? 0,
    documentLength: (row) => documents.get(row)?.length,
  };
}
