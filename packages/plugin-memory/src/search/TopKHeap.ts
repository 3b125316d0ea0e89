/**
 * The best `k` (row, score) pairs seen so far: a binary heap with the worst kept pair on top.
 * Better means a higher score, then (on equal scores) a lower row — FTS5's order for
 * `ORDER BY rank`.
 */
export class TopKHeap {
  readonly #k: number;
  readonly #rows: Float64Array;
  readonly #scores: Float64Array;
  #size = 0;

  constructor(k: number) {
    this.#k = k;
    this.#rows = new Float64Array(k);
    this.#scores = new Float64Array(k);
  }

  /** True once `k` pairs are kept. */
  get full(): boolean {
    return this.#size >= this.#k;
  }

  /** The worst kept score (−∞ until full): a pair must reach it to enter. */
  get threshold(): number {
    return this.full ? (this.#scores[0] as number) : Number.NEGATIVE_INFINITY;
  }

  /** Offers a pair; returns true when it was kept. */
  offer(row: number, score: number): boolean {
    if (this.#k === 0) return false;
    if (this.#size < this.#k) {
      this.#rows[this.#size] = row;
      this.#scores[this.#size] = score;
      this.#up(this.#size++);
      return true;
    }
    if (!this.#worse(0, row, score)) return false;
    this.#rows[0] = row;
    this.#scores[0] = score;
    this.#down(0);
    return true;
  }

  /** The kept pairs, best first. */
  sorted(): { row: number; score: number }[] {
    const out: { row: number; score: number }[] = [];
    for (let i = 0; i < this.#size; i++) out.push({ row: this.#rows[i] as number, score: this.#scores[i] as number });
    return out.sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /** True when the pair at `i` is worse than (row, score). */
  #worse(i: number, row: number, score: number): boolean {
    const s = this.#scores[i] as number;
    return s < score || (s === score && (this.#rows[i] as number) > row);
  }

  #swap(i: number, j: number): void {
    const row = this.#rows[i] as number;
    const score = this.#scores[i] as number;
    this.#rows[i] = this.#rows[j] as number;
    this.#scores[i] = this.#scores[j] as number;
    this.#rows[j] = row;
    this.#scores[j] = score;
  }

  #up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#worse(i, this.#rows[parent] as number, this.#scores[parent] as number)) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #down(i: number): void {
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let worst = i;
      if (left < this.#size && this.#worse(left, this.#rows[worst] as number, this.#scores[worst] as number)) worst = left;
      if (right < this.#size && this.#worse(right, this.#rows[worst] as number, this.#scores[worst] as number)) worst = right;
      if (worst === i) return;
      this.#swap(i, worst);
      i = worst;
    }
  }
}
