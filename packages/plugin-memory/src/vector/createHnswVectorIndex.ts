import { existsSync } from 'node:fs';
import { HnswVectorIndex, loadInto } from './HnswVectorIndex.js';
import type { HnswOptions } from './HnswOptions.js';
import { type MappedHnswFile, MappedHnswVectorIndex } from './MappedHnswVectorIndex.js';
import { loadUsearch, type UsearchIndex } from './usearchModule.js';
import type { VectorIndex } from './VectorIndex.js';

/**
 * An approximate HNSW index (usearch, prebuilt binaries shipped in its npm package). `saved`
 * names a saved graph: a path is read into memory, a {@link MappedHnswFile} is served mapped
 * (with its changes beside it) until the index is saved or detached. A file that fails to open is
 * ignored (`loaded: false`) and the caller rebuilds.
 */
export function createHnswVectorIndex(
  dimensions: number,
  options: HnswOptions = {},
  saved?: string | MappedHnswFile,
): { index: VectorIndex; loaded: boolean } {
  const { Index } = loadUsearch();
  const make = (): UsearchIndex =>
    new Index({
      dimensions,
      metric: 'cos',
      quantization: options.quantization ?? 'f16',
      connectivity: options.connectivity ?? 16,
      expansion_add: options.expansionAdd ?? 128,
      expansion_search: options.expansionSearch ?? 128,
      multi: false,
    });
  const path = typeof saved === 'string' ? saved : saved?.path;
  if (path !== undefined && existsSync(path)) {
    const native = make();
    if (typeof saved === 'object') {
      if (loadInto(native, path, dimensions, 'view'))
        return { index: new MappedHnswVectorIndex(dimensions, make, native, saved), loaded: true };
    } else if (loadInto(native, path, dimensions)) return { index: new HnswVectorIndex(dimensions, native), loaded: true };
  }
  return { index: new HnswVectorIndex(dimensions, make()), loaded: false };
}
