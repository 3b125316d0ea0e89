import { LocalEmbeddersError } from '../errors/LocalEmbeddersError.js';
import type { WordVectors } from './WordVectors.js';

interface Frame {
  readonly kind: 'object' | 'array';
  /** The key this container sits under in its parent object (inherited through arrays). */
  readonly name: string | undefined;
  /** In an object: the key of the value being read. */
  key: string | undefined;
  expectKey: boolean;
}

const WS = new Set([0x20, 0x0a, 0x0d, 0x09]);

/**
 * A streaming scanner for the wink-embeddings JSON: fed text chunk by chunk, it keeps only the
 * header numbers, the word list and one vector row at a time, writing rows straight into the
 * result matrix. Internal to {@link convertWinkJson}; not a general JSON parser (it trusts the
 * file's shape and checks only what the conversion relies on).
 */
export class WinkJsonScanner {
  readonly #path: string;
  readonly #header: Record<string, number> = {};
  readonly #stack: Frame[] = [];
  #words: string[] = [];
  #matrix: Float32Array | undefined;
  #maxWords: number;
  #rows = 0;
  #row: number[] = [];

  constructor(path: string, maxWords: number | undefined) {
    this.#path = path;
    this.#maxWords = maxWords ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Scans `text` and returns the unfinished tail (a string, number or literal cut by the chunk
   * boundary) to prepend to the next chunk; `final` says no chunk follows.
   */
  scan(text: string, final: boolean): string {
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      let next: number;
      if (WS.has(c) || c === 0x2c /* , */) next = i + 1;
      else if (c === 0x3a /* : */) next = this.#colon(i);
      else if (c === 0x7b /* { */ || c === 0x5b /* [ */) next = this.#open(c === 0x7b ? 'object' : 'array', i);
      else if (c === 0x7d /* } */ || c === 0x5d /* ] */) next = this.#close(i);
      else if (c === 0x22 /* " */) next = this.#string(text, i);
      else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) next = this.#number(text, i, final);
      else if (c === 0x74 || c === 0x66 || c === 0x6e) next = this.#literal(text, i, final);
      else throw this.#invalid(`unexpected character "${text[i] ?? ''}"`);
      // A negative position means the token goes on in the next chunk.
      if (next < 0) return text.slice(i);
      i = next;
    }
    return '';
  }

  /** The table, once the whole file was scanned; checks that nothing is missing. */
  finish(carry: string): WordVectors {
    if (carry !== '' || this.#stack.length !== 0) throw this.#invalid('the file ends early');
    if (this.#matrix === undefined) throw this.#invalid('no `vectors` object');
    const dimensions = this.#header['dimensions'] as number;
    if (this.#words.length !== this.#maxWords)
      throw this.#invalid(`\`words\` has ${this.#words.length} entries, expected ${this.#maxWords}`);
    if (this.#rows !== this.#maxWords) throw this.#invalid(`${this.#rows} vectors for ${this.#maxWords} words`);
    return { dimensions, words: this.#words, matrix: this.#matrix };
  }

  #invalid(problem: string): LocalEmbeddersError {
    return new LocalEmbeddersError(
      'LOCAL_EMBEDDERS_VECTORS_INVALID',
      `Word-vector file ${this.#path} is not in the wink-embeddings format: ${problem}.`,
      { details: { path: this.#path } },
    );
  }

  #colon(i: number): number {
    const top = this.#stack[this.#stack.length - 1];
    if (top !== undefined) top.expectKey = false;
    return i + 1;
  }

  #value(v: string | number | boolean | null): void {
    const stack = this.#stack;
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    if (stack.length === 1 && typeof v === 'number' && top.key !== undefined) this.#header[top.key] = v;
    else if (stack.length === 2 && top.kind === 'array' && top.name === 'words' && typeof v === 'string') this.#words.push(v);
    else if (stack.length === 3 && top.kind === 'array' && stack[1]?.name === 'vectors' && typeof v === 'number') this.#row.push(v);
    if (top.kind === 'object') top.expectKey = true;
  }

  #open(kind: 'object' | 'array', i: number): number {
    const stack = this.#stack;
    const parent = stack[stack.length - 1];
    stack.push({ kind, name: parent?.kind === 'object' ? parent.key : parent?.name, key: undefined, expectKey: kind === 'object' });
    if (stack.length === 2 && parent?.key === 'vectors' && kind === 'object') this.#startVectors();
    if (stack.length === 3 && kind === 'array') this.#row = [];
    return i + 1;
  }

  /** Sizes the matrix from the header, which the format puts before `vectors`. */
  #startVectors(): void {
    const dims = this.#header['dimensions'];
    const size = this.#header['size'];
    if (dims === undefined || size === undefined || this.#header['wordIndex'] === undefined)
      throw this.#invalid('`dimensions`, `size` and `wordIndex` must come before `vectors`');
    this.#maxWords = Math.min(this.#maxWords, size);
    this.#matrix = new Float32Array(this.#maxWords * dims);
    this.#words = this.#words.slice(0, this.#maxWords);
  }

  #close(i: number): number {
    const stack = this.#stack;
    const frame = stack.pop();
    if (frame === undefined) throw this.#invalid('unbalanced brackets');
    if (stack.length === 2 && frame.kind === 'array' && stack[1]?.name === 'vectors' && this.#matrix !== undefined) this.#endRow();
    const parent = stack[stack.length - 1];
    if (parent?.kind === 'object') parent.expectKey = true;
    return i + 1;
  }

  /** A vector row is `[v0…v(d-1), l2norm, wordIndex]`: its word index says where it goes. */
  #endRow(): void {
    const dims = this.#header['dimensions'] as number;
    const row = this.#row;
    const index = row[this.#header['wordIndex'] as number];
    if (row.length < dims || index === undefined)
      throw this.#invalid(`vector of "${this.#stack[1]?.key ?? ''}" has ${row.length} values, expected ${dims} plus norm and index`);
    if (index < this.#maxWords) {
      (this.#matrix as Float32Array).set(row.slice(0, dims), index * dims);
      this.#rows += 1;
    }
  }

  #string(text: string, i: number): number {
    const n = text.length;
    let j = i + 1;
    let escaped = false;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 0x5c) {
        escaped = true;
        j += 2;
        continue;
      }
      if (d === 0x22) break;
      j += 1;
    }
    if (j >= n) return -1;
    const str = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
    const top = this.#stack[this.#stack.length - 1];
    if (top?.kind === 'object' && top.expectKey) {
      top.key = str;
      top.expectKey = false;
    } else {
      this.#value(str);
    }
    return j + 1;
  }

  #number(text: string, i: number, final: boolean): number {
    const n = text.length;
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d)) break;
      j += 1;
    }
    if (j >= n && !final) return -1;
    const number = parseDecimal(text, i, j);
    if (Number.isNaN(number)) throw this.#invalid(`bad number "${text.slice(i, j)}"`);
    this.#value(number);
    return j;
  }

  #literal(text: string, i: number, final: boolean): number {
    const c = text.charCodeAt(i);
    const literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
    if (i + literal.length > text.length && !final) return -1;
    if (text.slice(i, i + literal.length) !== literal) throw this.#invalid(`unexpected "${text.slice(i, i + 10)}"`);
    this.#value(literal === 'null' ? null : literal === 'true');
    return i + literal.length;
  }
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parses a plain decimal (`-0.51725`, `2.95153011`, `341478`) without allocating a substring;
 * exponents and long mantissas fall back to `Number` for exact rounding. Checked on a hot path:
 * the package holds ~35 million numbers.
 */
function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  const negative = text.charCodeAt(i) === 0x2d;
  if (negative) i += 1;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; i < end; i += 1) {
    const c = text.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      digits += 1;
      if (fraction >= 0) fraction += 1;
    } else if (c === 0x2e && fraction < 0) {
      fraction = 0;
    } else {
      return Number(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > 15) return Number(text.slice(start, end));
  const value = fraction > 0 ? mantissa / (POWERS_OF_TEN[fraction] as number) : mantissa;
  return negative ? -value : value;
}
