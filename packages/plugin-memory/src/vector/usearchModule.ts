import { createRequire } from 'node:module';
import type { HnswQuantization } from './HnswOptions.js';

/** The part of usearch's `Index` this package uses (its ESM entry cannot locate its prebuilt binary, so it is loaded through `require`). */
export interface UsearchIndex {
  add(keys: bigint | BigUint64Array, vectors: Float32Array, threads?: number): void;
  search(vector: Float32Array, k: number, threads: number): { keys: BigUint64Array; distances: Float32Array };
  contains(key: bigint): boolean;
  remove(key: bigint): number;
  size(): number;
  save(path: string): void;
  /** Reads a saved graph into memory (writable). */
  load(path: string): void;
  /** Serves a saved graph from the file, memory-mapped: searches only, `add` and `remove` throw. */
  view(path: string): void;
  dimensions(): number;
}

/** usearch's module: the `Index` constructor. */
export interface UsearchModule {
  Index: new (config: {
    dimensions: number;
    metric: 'cos';
    quantization: HnswQuantization;
    connectivity: number;
    expansion_add: number;
    expansion_search: number;
    multi: boolean;
  }) => UsearchIndex;
}

let usearch: UsearchModule | undefined;

/** usearch, loaded on first use (a store with an exact index never loads the native binary). */
export function loadUsearch(): UsearchModule {
  usearch ??= createRequire(import.meta.url)('usearch') as UsearchModule;
  return usearch;
}
