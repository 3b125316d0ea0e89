import { existsSync } from 'node:fs';
import { HnswVectorIndex, loadInto, type MappedHnswFile } from './HnswVectorIndex.js';
import { loadUsearch, type UsearchIndex } from './usearchModule.js';
import type { HnswOptions } from './HnswOptions.js';
import type { VectorIndex } from './VectorIndex.js';

/**
 * An approximate HNSW index (usearch, prebuilt binaries shipped in its npm package). `saved`
 * names a saved graph: a path is read into memory, a {@link MappedHnswFile} is served mapped
 * until the graph first changes. A file that fails to open is ignored (`loaded: false`) and the
 * caller rebuilds.
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
  const mapped = typeof saved === 'object' ? saved : undefined;
  if (path !== undefined && existsSync(path)) {
    const native = make();
    if (loadInto(native, path, dimensions, mapped === undefined ? 'load' : 'view'))
      return { index: new HnswVectorIndex(dimensions, make, native, mapped), loaded: true };
  }
  return { index: new HnswVectorIndex(dimensions, make, make()), loaded: false };
}
