import type { KeywordIndexContents } from './KeywordIndexContents.js';
import type { PostingList } from './PostingList.js';

/** How the loaded documents reach their terms' lists: by saved term id. */
export interface LoadedTermLists {
  /** The current list of saved term `id` (made on first use). */
  list(id: number): PostingList;
  /** The id saved term `id` has in the file being laid out for saving. */
  savedId(id: number): number;
}

/**
 * The documents of a keyword index loaded from its saved file, kept in the file's flat arrays
 * (sorted rows, lengths, each document's term ids) with a live flag each: a document updated or
 * deleted after loading is marked dead here and, if updated, indexed again by the caller.
 */
export class LoadedKeywordDocuments {
  readonly #rows: Uint32Array;
  readonly #lengths: Uint32Array;
  readonly #termOffsets: Uint32Array;
  readonly #termIds: Uint32Array;
  readonly #lists: LoadedTermLists;
  readonly #dead: Uint8Array;
  #live: number;

  constructor(saved: KeywordIndexContents, lists: LoadedTermLists) {
    // Views of the file's bytes, as the saved posting lists keep theirs (see SavedPostingLists).
    this.#rows = saved.rows;
    this.#lengths = saved.lengths;
    this.#termOffsets = saved.termOffsets;
    this.#termIds = saved.termIds;
    this.#lists = lists;
    this.#dead = new Uint8Array(saved.rows.length);
    this.#live = saved.rows.length;
  }

  /** Loaded documents not removed since. */
  get live(): number {
    return this.#live;
  }

  /** Position of `row` among the live loaded documents, or -1. */
  #find(row: number): number {
    const rows = this.#rows;
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rows[mid] as number) < row) lo = mid + 1;
      else hi = mid;
    }
    return lo < rows.length && rows[lo] === row && this.#dead[lo] === 0 ? lo : -1;
  }

  /** Length of a live loaded document, or undefined. */
  lengthOf(row: number): number | undefined {
    const at = this.#find(row);
    return at < 0 ? undefined : this.#lengths[at];
  }

  /** Marks `row` dead and hands each of its posting lists to `drop`; returns its length, or undefined when it is not a live loaded document. */
  remove(row: number, drop: (list: PostingList) => void): number | undefined {
    const at = this.#find(row);
    if (at < 0) return undefined;
    for (let i = this.#termOffsets[at] as number; i < (this.#termOffsets[at + 1] as number); i++)
      drop(this.#lists.list(this.#termIds[i] as number));
    this.#dead[at] = 1;
    this.#live--;
    return this.#lengths[at];
  }

  /** Writes the saved ids (see {@link LoadedTermLists.savedId}) of `row`'s terms into `out` at `at`; returns how many. */
  writeTermIds(row: number, out: Uint32Array, at: number): number {
    const doc = this.#find(row);
    const from = this.#termOffsets[doc] as number;
    const to = this.#termOffsets[doc + 1] as number;
    const lists = this.#lists;
    for (let i = from; i < to; i++) out[at + i - from] = lists.savedId(this.#termIds[i] as number);
    return to - from;
  }

  /** The live rows, increasing. */
  liveRows(): Float64Array {
    if (this.#live === this.#rows.length) return Float64Array.from(this.#rows);
    const out = new Float64Array(this.#live);
    let n = 0;
    for (let i = 0; i < this.#rows.length; i++) if (this.#dead[i] === 0) out[n++] = this.#rows[i] as number;
    return out;
  }

  /** The highest live row, or undefined. */
  maxRow(): number | undefined {
    for (let i = this.#rows.length - 1; i >= 0; i--) if (this.#dead[i] === 0) return this.#rows[i];
    return undefined;
  }
}
