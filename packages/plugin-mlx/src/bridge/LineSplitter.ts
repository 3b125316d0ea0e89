/**
 * What the splitter found: a complete line, or a line it discarded for being too long
 * (with its first bytes, so the caller can still tell which request it belonged to).
 */
export type LineSplitterItem =
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'oversized'; readonly head: string; readonly bytes: number };

/**
 * Splits a byte stream into `\n`-terminated lines of at most `maxLineBytes` bytes (newline included).
 * A longer line is never buffered whole: its head is kept, the rest skipped up to the next newline.
 */
export class LineSplitter {
  readonly #max: number;
  #parts: Buffer[] = [];
  #length = 0;
  #discarding = false;
  #head = '';
  #discarded = 0;

  constructor(maxLineBytes: number) {
    this.#max = maxLineBytes;
  }

  /** Feeds bytes; returns the lines completed by them. */
  push(chunk: Buffer): LineSplitterItem[] {
    const items: LineSplitterItem[] = [];
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline === -1 ? chunk.length : newline;
      const piece = chunk.subarray(start, end);
      if (this.#discarding) {
        this.#discarded += piece.length;
      } else if (this.#length + piece.length + 1 > this.#max && (newline !== -1 || this.#length + piece.length >= this.#max)) {
        const whole = Buffer.concat([...this.#parts, piece]);
        this.#head = whole.subarray(0, 256).toString('utf8');
        this.#discarded = whole.length;
        this.#discarding = true;
        this.#parts = [];
        this.#length = 0;
      } else {
        this.#parts.push(Buffer.from(piece));
        this.#length += piece.length;
      }
      if (newline === -1) break;
      if (this.#discarding) {
        items.push({ kind: 'oversized', head: this.#head, bytes: this.#discarded + 1 });
        this.#discarding = false;
      } else {
        items.push({ kind: 'line', text: Buffer.concat(this.#parts).toString('utf8') });
        this.#parts = [];
        this.#length = 0;
      }
      start = newline + 1;
    }
    return items;
  }
}
