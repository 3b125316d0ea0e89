import type { KeywordIndexContents } from './KeywordIndexContents.js';
import { PostingList } from './PostingList.js';

/**
 * The posting lists of a keyword index loaded from its saved file, made into {@link PostingList}s
 * only when first used. A store opens with every term known (its saved id) but no list object:
 * at 1M memories the saved index holds about a million terms, most never searched or changed
 * again, and one object and one array view per term cost a third of the store's open. A term's
 * list is made over its saved postings (read in place) on first use; a term not yet made is saved again
 * straight from the loaded arrays.
 */
export class SavedPostingLists {
  readonly #terms: readonly string[];
  readonly #maxTf: Uint32Array;
  readonly #minLength: Uint32Array;
  readonly #offsets: Uint32Array;
  readonly #postings: Uint32Array;
  /** Lists made so far, by saved term id. */
  readonly #made: (PostingList | undefined)[];
  /** Ids of the terms not made, assigned while the index is laid out for saving (see `PostingList.savedId`). */
  readonly #savedIds: Int32Array;

  constructor(saved: KeywordIndexContents) {
    // Views of the file's bytes, kept as they are: the file is these arrays (and the terms' text),
    // so copying them would only double the memory for a moment and cost the copy (0.5 s at 1M).
    this.#terms = saved.terms;
    this.#maxTf = saved.maxTf;
    this.#minLength = saved.minLength;
    this.#offsets = saved.postingOffsets;
    this.#postings = saved.postings;
    this.#made = new Array<PostingList | undefined>(saved.terms.length);
    this.#savedIds = new Int32Array(saved.terms.length);
  }

  /** The term of saved id `id`. */
  term(id: number): string {
    return this.#terms[id] as string;
  }

  /** Postings of saved term `id` as loaded. */
  length(id: number): number {
    return (this.#offsets[id + 1] as number) - (this.#offsets[id] as number);
  }

  /** The list of saved term `id`, made from its saved postings on first use. */
  list(id: number): PostingList {
    const made = this.#made[id];
    if (made !== undefined) return made;
    const from = (this.#offsets[id] as number) * 3;
    const to = (this.#offsets[id + 1] as number) * 3;
    const list = PostingList.fromSaved(
      this.#terms[id] as string,
      this.#postings.subarray(from, to),
      this.#maxTf[id] as number,
      this.#minLength[id] as number,
    );
    this.#made[id] = list;
    return list;
  }

  /** Sets the id saved term `id` gets in the file being laid out (a term not made). */
  setSavedId(id: number, savedId: number): void {
    this.#savedIds[id] = savedId;
  }

  /** The id saved term `id` has in the file being laid out: its list's when made. */
  savedId(id: number): number {
    return this.#made[id]?.savedId ?? (this.#savedIds[id] as number);
  }

  /** Writes saved term `id`'s bounds and postings, unchanged since loading, at `termAt` and posting `at` of the arrays being saved. */
  copyInto(id: number, termAt: number, out: { maxTf: Uint32Array; minLength: Uint32Array; postings: Uint32Array }, at: number): void {
    out.maxTf[termAt] = this.#maxTf[id] as number;
    out.minLength[termAt] = this.#minLength[id] as number;
    out.postings.set(this.#postings.subarray((this.#offsets[id] as number) * 3, (this.#offsets[id + 1] as number) * 3), at * 3);
  }
}
