/** Numbers stored per posting: row, term frequency, document length. */
const stride = 3;

/** The largest number a list over saved (unsigned 32-bit) postings can hold in place. */
const maxUint32 = 0xffff_ffff;

/**
 * The documents holding one term, sorted by row: for each, the row id, the term's frequency in
 * it and the document's length, interleaved in one growable array. A term starts with a plain
 * three-number array (most terms of a real vocabulary occur in one document, and a typed array
 * costs several times more memory per term) and moves to a `Float64Array` when it grows; a list
 * loaded from a saved index reads the file's unsigned 32-bit postings in place until it grows.
 * `maxTf` and `minLength` bound every posting; they are not tightened on removal, so they stay
 * valid bounds.
 */
export class PostingList {
  /** The term these postings belong to. */
  readonly term: string;
  /** `[row, tf, length]` per posting, in row order; only the first `length` postings are live. */
  data: number[] | Float64Array | Uint32Array = [0, 0, 0];
  length = 0;
  maxTf = 0;
  minLength = Number.POSITIVE_INFINITY;
  /** The term's number while the index is being saved (a field, not a map: saving looks it up once per posting). */
  savedId = -1;

  constructor(term: string) {
    this.term = term;
  }

  /**
   * A list over saved `[row, tf, length]` postings and their saved bounds. `postings` is kept, not
   * copied: a view of the saved file's postings, this term's range only, read in place (a copy of
   * a common term's million postings at its first search cost milliseconds). Changes within the
   * range are written in place; growing past it moves the list to its own array.
   */
  static fromSaved(term: string, postings: Uint32Array, maxTf: number, minLength: number): PostingList {
    const list = new PostingList(term);
    list.data = postings;
    list.length = postings.length / stride;
    list.maxTf = maxTf;
    list.minLength = minLength;
    return list;
  }

  /** Row of the posting at `at`. */
  rowAt(at: number): number {
    return this.data[at * stride] as number;
  }

  /** Term frequency of the posting at `at`. */
  tfAt(at: number): number {
    return this.data[at * stride + 1] as number;
  }

  /** Document length of the posting at `at`. */
  lengthAt(at: number): number {
    return this.data[at * stride + 2] as number;
  }

  /** Index of the first posting whose row is ≥ `row`, searching from `from` (galloping, then binary). */
  seek(row: number, from = 0): number {
    const data = this.data;
    let lo = from;
    let hi = from;
    let step = 1;
    while (hi < this.length && (data[hi * stride] as number) < row) {
      lo = hi + 1;
      hi += step;
      step *= 2;
    }
    if (hi > this.length) hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((data[mid * stride] as number) < row) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The term's frequency in `row`, 0 when absent. */
  tfOf(row: number): number {
    const at = this.seek(row);
    return at < this.length && this.rowAt(at) === row ? this.tfAt(at) : 0;
  }

  /** Adds (or replaces) the posting of `row`; appending in row order is O(1) amortised. */
  add(row: number, tf: number, documentLength: number): void {
    let at = this.length;
    if (at > 0 && this.rowAt(at - 1) >= row) {
      at = this.seek(row);
      if (at < this.length && this.rowAt(at) === row) {
        this.#write(at, row, tf, documentLength);
        return;
      }
    }
    if ((this.length + 1) * stride > this.data.length) this.#grow();
    if (at < this.length) this.data.copyWithin((at + 1) * stride, at * stride, this.length * stride);
    this.length++;
    this.#write(at, row, tf, documentLength);
  }

  /** Removes the posting of `row`; returns false when there was none. */
  remove(row: number): boolean {
    const at = this.seek(row);
    if (at >= this.length || this.rowAt(at) !== row) return false;
    this.data.copyWithin(at * stride, (at + 1) * stride, this.length * stride);
    this.length--;
    if (this.length === 0) {
      this.maxTf = 0;
      this.minLength = Number.POSITIVE_INFINITY;
    }
    return true;
  }

  #write(at: number, row: number, tf: number, documentLength: number): void {
    // A number past 32 bits does not fit the saved postings' array: the list moves to its own first.
    if (this.data instanceof Uint32Array && Math.max(row, tf, documentLength) > maxUint32) this.data = Float64Array.from(this.data);
    const base = at * stride;
    this.data[base] = row;
    this.data[base + 1] = tf;
    this.data[base + 2] = documentLength;
    if (tf > this.maxTf) this.maxTf = tf;
    if (documentLength < this.minLength) this.minLength = documentLength;
  }

  #grow(): void {
    const data = new Float64Array(this.data.length * 2);
    if (Array.isArray(this.data)) for (let i = 0; i < this.data.length; i++) data[i] = this.data[i] as number;
    else data.set(this.data);
    this.data = data;
  }
}
