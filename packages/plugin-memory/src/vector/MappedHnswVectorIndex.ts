import { HnswVectorIndex, loadInto, searchGraph } from './HnswVectorIndex.js';
import type { UsearchIndex } from './usearchModule.js';
import type { VectorIndex, VectorMatch } from './VectorIndex.js';

/**
 * A saved graph served from its file, memory-mapped, until the graph is saved or detached: only
 * then is the writable copy read into memory (the cost that used to be paid by every open).
 */
export interface MappedHnswFile {
  readonly path: string;
  /** Asked before the writable copy is read from `path`: whether the file still matches its checksums. */
  readonly stillSound: () => boolean;
  /** Adds every vector of the source of truth to the empty graph it is given (the file no longer serves). */
  readonly refill: (graph: VectorIndex) => void;
}

/**
 * An HNSW index served from a saved graph, memory-mapped, with the changes since it was saved in
 * a small writable graph beside it: a key removed or replaced is hidden in the mapped graph, a
 * key added or replaced goes into the small one, and a search merges both. So a change costs what
 * it costs on a small graph, and reading the writable copy of the whole graph (seconds at a
 * million vectors, docs/adr/0038-memory-mapped-vector-index.md) waits until the index is saved or
 * detached. Then the changes are applied to the copy — after the file's checksums pass again, or
 * else the graph is refilled from the database — and the index works in memory from then on.
 */
export class MappedHnswVectorIndex implements VectorIndex {
  readonly kind = 'hnsw';
  readonly dimensions: number;
  readonly #make: () => UsearchIndex;
  /** The file served, the mapped graph and the changes beside it, until the writable copy replaces them. */
  #serving:
    | {
        readonly file: MappedHnswFile;
        readonly view: UsearchIndex;
        /** Keys added or replaced since the save: their graph and their vectors (for the writable copy). */
        readonly added: HnswVectorIndex;
        readonly vectors: Map<number, Float32Array>;
        /** Keys of the mapped graph removed or replaced since the save. */
        readonly hidden: Set<number>;
      }
    | undefined;
  #copy: HnswVectorIndex | undefined;

  constructor(dimensions: number, make: () => UsearchIndex, view: UsearchIndex, file: MappedHnswFile) {
    this.dimensions = dimensions;
    this.#make = make;
    this.#serving = { file, view, added: new HnswVectorIndex(dimensions, make()), vectors: new Map(), hidden: new Set() };
  }

  /** True while searches are served from the mapped file (no save or detach since open). */
  get mapped(): boolean {
    return this.#serving !== undefined;
  }

  size(): number {
    const serving = this.#serving;
    if (serving === undefined) return this.#writable().size();
    return serving.view.size() - serving.hidden.size + serving.added.size();
  }

  has(key: number): boolean {
    const serving = this.#serving;
    if (serving === undefined) return this.#writable().has(key);
    return serving.added.has(key) || (!serving.hidden.has(key) && serving.view.contains(BigInt(key)));
  }

  upsert(key: number, vector: Float32Array): void {
    const serving = this.#serving;
    if (serving === undefined) {
      this.#writable().upsert(key, vector);
      return;
    }
    if (serving.view.contains(BigInt(key))) serving.hidden.add(key);
    serving.added.upsert(key, vector);
    serving.vectors.set(key, vector);
  }

  addBatch(keys: readonly number[], vectors: Float32Array): void {
    const serving = this.#serving;
    if (serving === undefined) {
      this.#writable().addBatch(keys, vectors);
      return;
    }
    serving.added.addBatch(keys, vectors);
    const { dimensions } = this;
    for (const [i, key] of keys.entries()) serving.vectors.set(key, vectors.slice(i * dimensions, (i + 1) * dimensions));
  }

  remove(key: number): void {
    const serving = this.#serving;
    if (serving === undefined) {
      this.#writable().remove(key);
      return;
    }
    if (serving.vectors.delete(key)) serving.added.remove(key);
    if (serving.view.contains(BigInt(key))) serving.hidden.add(key);
  }

  search(vector: Float32Array, k: number): VectorMatch[] {
    const serving = this.#serving;
    if (serving === undefined) return this.#writable().search(vector, k);
    const fromFile = searchVisible(serving.view, vector, k, serving.hidden);
    if (serving.added.size() === 0) return fromFile;
    const merged = [...fromFile, ...serving.added.search(vector, k)];
    return merged.sort((a, b) => b.similarity - a.similarity || a.key - b.key).slice(0, k);
  }

  /** Writes the graph beside `path` and renames it over, from the writable copy: a mapped file is never written in place. */
  save(path: string): void {
    this.#writable().save(path);
  }

  /** Stops serving the mapped file: the writable copy is read (or refilled) now. */
  detach(): void {
    this.#writable();
  }

  /** The writable copy, read once: the file (checked again) with the changes applied, or a refill from the database. */
  #writable(): HnswVectorIndex {
    const serving = this.#serving;
    if (serving === undefined) return this.#copy as HnswVectorIndex;
    this.#serving = undefined;
    const { file, hidden, vectors } = serving;
    const native = this.#make();
    if (file.stillSound() && loadInto(native, file.path, this.dimensions)) {
      const copy = new HnswVectorIndex(this.dimensions, native);
      for (const key of hidden) copy.remove(key);
      for (const [key, vector] of vectors) copy.upsert(key, vector);
      this.#copy = copy;
      return copy;
    }
    // The database holds every change made here: the refill needs none of them.
    const copy = new HnswVectorIndex(this.dimensions, this.#make());
    this.#copy = copy;
    file.refill(copy);
    return copy;
  }
}

/**
 * The `k` best matches of `graph` whose keys are not `hidden`: asks for a few more than `k` and,
 * only when too many of them are hidden, for more (never more than `k` + the hidden keys, which
 * always leaves `k` visible when there are as many).
 */
function searchVisible(graph: UsearchIndex, vector: Float32Array, k: number, hidden: ReadonlySet<number>): VectorMatch[] {
  const size = graph.size();
  const most = Math.min(size, k + hidden.size);
  for (let want = Math.min(most, k + Math.min(hidden.size, 16)); ; want = Math.min(most, want * 4)) {
    const visible = searchGraph(graph, vector, want).filter((m) => !hidden.has(m.key));
    if (visible.length >= k || want >= most) return visible.slice(0, k);
  }
}
