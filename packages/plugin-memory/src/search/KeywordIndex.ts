import { type KeywordIndexContents, maxSavedNumber } from './KeywordIndexContents.js';
import { LoadedKeywordDocuments } from './LoadedKeywordDocuments.js';
import { PostingList } from './PostingList.js';
import { SavedPostingLists } from './SavedPostingLists.js';

/**
 * An in-process inverted index over documents' indexed words (see `toIndexTokens`): a posting
 * list per term and each document's length. It is derived data — the store loads it from its
 * saved file (or rebuilds it from SQLite) on open and updates it after each committed write — and
 * serves BM25 top-k and exact per-document BM25 without scoring every match.
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
  /** The highest indexed row, or undefined when empty. */
  maxRow(): number | undefined;
  /** The index laid out flat for saving, or undefined when a row or count does not fit 32 bits. */
  contents(): KeywordIndexContents | undefined;
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
 * The index: documents indexed since it was created in a map with their posting lists, and, when
 * it was loaded from a saved file, the loaded documents in flat arrays — materialising a list of
 * terms per loaded document would cost most of what loading saves.
 */
class InvertedKeywordIndex implements KeywordIndex {
  /** Each term's list, or the saved id of a loaded term whose list is not made yet (see {@link SavedPostingLists}). */
  readonly #lists = new Map<string, PostingList | number>();
  readonly #documents = new Map<number, IndexedDocument>();
  readonly #counts = new Map<string, number>();
  readonly #saved: SavedPostingLists | undefined;
  readonly #loaded: LoadedKeywordDocuments | undefined;
  #totalTokens = 0;

  constructor(saved?: KeywordIndexContents) {
    if (saved === undefined) return;
    const lists = new SavedPostingLists(saved);
    this.#saved = lists;
    const { terms } = saved;
    for (let id = 0; id < terms.length; id++) this.#lists.set(terms[id] as string, id);
    this.#loaded = new LoadedKeywordDocuments(saved, {
      list: (id) => {
        // The list the document's postings are in (made now if needed), as the term's entry too while it still is the saved id.
        const list = lists.list(id);
        if (this.#lists.get(list.term) === id) this.#lists.set(list.term, list);
        return list;
      },
      savedId: (id) => lists.savedId(id),
    });
    this.#totalTokens = saved.totalTokens;
  }

  /** The list of `term`, made now if it is a loaded term's not made yet. */
  #list(term: string): PostingList | undefined {
    const entry = this.#lists.get(term);
    if (typeof entry !== 'number') return entry;
    const list = (this.#saved as SavedPostingLists).list(entry);
    this.#lists.set(term, list);
    return list;
  }

  get size(): number {
    return this.#documents.size + (this.#loaded?.live ?? 0);
  }

  get totalTokens(): number {
    return this.#totalTokens;
  }

  #drop(list: PostingList, row: number): void {
    list.remove(row);
    // A loaded document's list may have been replaced under its term since: only the live one is forgotten.
    if (list.length === 0 && this.#list(list.term) === list) this.#lists.delete(list.term);
  }

  remove(row: number): boolean {
    const doc = this.#documents.get(row);
    if (doc === undefined) {
      const length = this.#loaded?.remove(row, (list) => this.#drop(list, row));
      if (length === undefined) return false;
      this.#totalTokens -= length;
      return true;
    }
    for (const list of doc.terms) this.#drop(list, row);
    this.#documents.delete(row);
    this.#totalTokens -= doc.length;
    return true;
  }

  set(row: number, tokens: readonly string[]): void {
    this.remove(row);
    const terms: PostingList[] = [];
    for (const [term, tf] of countTokens(tokens, this.#counts)) {
      let list = this.#list(term);
      if (list === undefined) {
        list = new PostingList(term);
        this.#lists.set(term, list);
      }
      list.add(row, tf, tokens.length);
      terms.push(list);
    }
    this.#documents.set(row, { terms, length: tokens.length });
    this.#totalTokens += tokens.length;
  }

  postings(term: string): PostingList | undefined {
    return this.#list(term);
  }

  documentFrequency(term: string): number {
    const entry = this.#lists.get(term);
    return typeof entry === 'number' ? (this.#saved as SavedPostingLists).length(entry) : (entry?.length ?? 0);
  }

  documentLength(row: number): number | undefined {
    return this.#documents.get(row)?.length ?? this.#loaded?.lengthOf(row);
  }

  maxRow(): number | undefined {
    let max = this.#loaded?.maxRow();
    for (const row of this.#documents.keys()) if (max === undefined || row > max) max = row;
    return max;
  }

  contents(): KeywordIndexContents | undefined {
    const entries = [...this.#lists.values()];
    // A saved id in `entries` means the index was loaded, so `#saved` is there.
    const saved = this.#saved as SavedPostingLists;
    let postingCount = 0;
    for (const [id, entry] of entries.entries()) {
      if (typeof entry === 'number') {
        saved.setSavedId(entry, id);
        postingCount += saved.length(entry);
      } else {
        entry.savedId = id;
        postingCount += entry.length;
      }
    }
    const rows = this.#sortedRows();
    if (rows.length > 0 && (rows[rows.length - 1] as number) > maxSavedNumber) return undefined;
    const maxTf = new Uint32Array(entries.length);
    const minLength = new Uint32Array(entries.length);
    const postingOffsets = new Uint32Array(entries.length + 1);
    const postings = new Uint32Array(postingCount * 3);
    for (const [id, entry] of entries.entries()) {
      const at = postingOffsets[id] as number;
      if (typeof entry === 'number') {
        // Not made since loading, so unchanged: saved again from the loaded arrays.
        saved.copyInto(entry, id, { maxTf, minLength, postings }, at);
        postingOffsets[id + 1] = at + saved.length(entry);
        continue;
      }
      maxTf[id] = entry.maxTf;
      minLength[id] = entry.minLength;
      postingOffsets[id + 1] = at + entry.length;
      const data = entry.data;
      if (Array.isArray(data)) for (let i = 0; i < entry.length * 3; i++) postings[at * 3 + i] = data[i] as number;
      else postings.set(data.subarray(0, entry.length * 3), at * 3);
    }
    const lengths = new Uint32Array(rows.length);
    const termOffsets = new Uint32Array(rows.length + 1);
    const termIds = new Uint32Array(postingCount);
    // Indexed loops without closures: this runs once per document (millions) on every save.
    let at = 0;
    for (let d = 0; d < rows.length; d++) {
      const row = rows[d] as number;
      const doc = this.#documents.get(row);
      if (doc === undefined) {
        const loaded = this.#loaded as LoadedKeywordDocuments;
        at += loaded.writeTermIds(row, termIds, at);
        lengths[d] = loaded.lengthOf(row) as number;
      } else {
        const terms = doc.terms;
        for (let t = 0; t < terms.length; t++) termIds[at + t] = (terms[t] as PostingList).savedId;
        at += terms.length;
        lengths[d] = doc.length;
      }
      termOffsets[d + 1] = at;
    }
    return {
      terms: entries.map((entry) => (typeof entry === 'number' ? saved.term(entry) : entry.term)),
      maxTf,
      minLength,
      postingOffsets,
      postings,
      rows: new Uint32Array(rows),
      lengths,
      termOffsets,
      termIds,
      totalTokens: this.#totalTokens,
    };
  }

  /** Every indexed row, increasing. */
  #sortedRows(): Float64Array {
    const loaded = this.#loaded?.liveRows() ?? new Float64Array(0);
    if (this.#documents.size === 0) return loaded;
    // Loaded rows first, then the documents indexed since (usually newer rows); documents of a
    // rebuilt index are in row order already: the sort is skipped when nothing is out of order.
    const rows = new Float64Array(loaded.length + this.#documents.size);
    rows.set(loaded);
    let n = loaded.length;
    let sorted = true;
    for (const row of this.#documents.keys()) {
      if (n > 0 && row < (rows[n - 1] as number)) sorted = false;
      rows[n++] = row;
    }
    return sorted ? rows : rows.sort();
  }
}

/**
 * Creates a {@link KeywordIndex}: empty, or holding a saved index's contents (checked beforehand,
 * see `findKeywordContentsProblem`).
 */
export function createKeywordIndex(saved?: KeywordIndexContents): KeywordIndex {
  return new InvertedKeywordIndex(saved);
}
