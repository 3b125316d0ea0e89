import { createExactVectorIndex } from './createExactVectorIndex.js';
import type { VectorIndex, VectorMatch } from './VectorIndex.js';

/**
 * How committed vectors reach the HNSW graph (SQLite store option `indexCatchUp`).
 * @public
 */
export interface IndexCatchUpOptions {
  /**
   * Most committed vectors waiting for the graph (default 2,048). They are searched exactly
   * meanwhile; past this many, a commit adds its own vectors to the graph before answering, as
   * with `indexCatchUp: false`.
   */
  readonly maxPending?: number | undefined;
  /** Vectors added to the graph per step of the catch-up, between which the event loop runs (default 16). */
  readonly step?: number | undefined;
  /**
   * How long no vector may have arrived before the graph catches up, in ms (default 20): a burst
   * of stores over HTTP has moments with no store in progress between requests, and a catch-up
   * step run there would delay the next request.
   */
  readonly quietMs?: number | undefined;
}

/** Runs `run` later (a timer that does not keep the process alive); returns what cancels it. */
export type CatchUpScheduler = (run: () => void, delayMs: number) => () => void;

const defaultScheduler: CatchUpScheduler = (run, delayMs) => {
  const timer = setTimeout(run, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

const defaultClock = (): number => performance.now();

/** Options of {@link DeferredVectorIndex}. */
export interface DeferredVectorIndexOptions extends IndexCatchUpOptions {
  /** True while stores are in progress: the graph waits for a quiet moment. */
  readonly busy: () => boolean;
  /** Where the catch-up steps are scheduled; default a `setTimeout` that does not keep the process alive. */
  readonly schedule?: CatchUpScheduler | undefined;
  /** Milliseconds of a monotonic clock; default `performance.now`. */
  readonly now?: (() => number) | undefined;
}

/**
 * An HNSW graph whose inserts are taken off the write path. A committed vector goes first into a
 * small exact index (the pending tail); searches merge the graph's matches with the tail's exact
 * ones, so a vector is found as soon as its write is acknowledged. The graph takes the tail over
 * in small steps while no store is in progress; when the tail reaches `maxPending`, the writer
 * that overfills it adds the oldest to the graph itself (backpressure: the sustained cost is
 * unchanged, a burst is answered without it). The whole index is derived data (ADR 0018): a
 * crash loses the tail, and the change log repairs it on open like any unsaved change.
 */
export class DeferredVectorIndex implements VectorIndex {
  readonly kind = 'hnsw';
  readonly dimensions: number;
  readonly #graph: VectorIndex;
  readonly #tail: VectorIndex;
  /** The tail's vectors in arrival order (the order they reach the graph). */
  readonly #pending = new Map<number, Float32Array>();
  readonly #maxPending: number;
  readonly #step: number;
  readonly #busy: () => boolean;
  readonly #schedule: CatchUpScheduler;
  readonly #quietMs: number;
  readonly #now: () => number;
  /** When the last vector arrived. */
  #lastArrival = Number.NEGATIVE_INFINITY;
  #cancel: (() => void) | undefined;
  #closed = false;

  constructor(graph: VectorIndex, options: DeferredVectorIndexOptions) {
    this.#graph = graph;
    this.dimensions = graph.dimensions;
    this.#tail = createExactVectorIndex(graph.dimensions);
    this.#maxPending = Math.max(0, options.maxPending ?? 2_048);
    this.#step = Math.max(1, options.step ?? 16);
    this.#busy = options.busy;
    this.#schedule = options.schedule ?? defaultScheduler;
    this.#quietMs = Math.max(0, options.quietMs ?? 20);
    this.#now = options.now ?? defaultClock;
  }

  /** Vectors committed and not yet in the graph. */
  pendingCount(): number {
    return this.#pending.size;
  }

  /** Whether `key`'s vector waits in the tail. */
  isPending(key: number): boolean {
    return this.#pending.has(key);
  }

  size(): number {
    return this.#graph.size() + this.#pending.size;
  }

  has(key: number): boolean {
    return this.#pending.has(key) || this.#graph.has(key);
  }

  upsert(key: number, vector: Float32Array): void {
    // The graph never holds a key the tail holds: an older vector of this key leaves it now.
    this.#graph.remove(key);
    this.#pending.delete(key);
    this.#pending.set(key, vector);
    this.#tail.upsert(key, vector);
    this.#lastArrival = this.#now();
    if (this.#pending.size > this.#maxPending) this.#moveToGraph(this.#pending.size - this.#maxPending);
    this.#wake();
  }

  addBatch(keys: readonly number[], vectors: Float32Array): void {
    this.#graph.addBatch(keys, vectors);
  }

  remove(key: number): void {
    if (this.#pending.delete(key)) this.#tail.remove(key);
    this.#graph.remove(key);
  }

  search(vector: Float32Array, k: number): VectorMatch[] {
    const fromGraph = this.#graph.size() === 0 ? [] : this.#graph.search(vector, Math.min(k, this.#graph.size()));
    if (this.#pending.size === 0) return fromGraph;
    const merged = [...fromGraph, ...this.#tail.search(vector, Math.min(k, this.#pending.size))];
    return merged.sort((a, b) => b.similarity - a.similarity || a.key - b.key).slice(0, k);
  }

  /** Adds the whole tail to the graph first: a saved index holds every vector the change log says it does. */
  save(path: string): void {
    this.catchUp();
    this.#graph.save(path);
  }

  /** Stops the graph serving a mapped file. */
  detach(): void {
    this.#graph.detach?.();
  }

  /** Adds up to `count` of the oldest pending vectors to the graph (all by default); returns how many. */
  catchUp(count = Number.POSITIVE_INFINITY): number {
    return this.#moveToGraph(count);
  }

  /** Stops the catch-up timer (the store is closing); the tail stays searchable. */
  close(): void {
    this.#closed = true;
    this.#cancel?.();
    this.#cancel = undefined;
  }

  #moveToGraph(count: number): number {
    let moved = 0;
    for (const [key, vector] of this.#pending) {
      if (moved >= count) break;
      this.#graph.upsert(key, vector);
      this.#pending.delete(key);
      this.#tail.remove(key);
      moved++;
    }
    return moved;
  }

  /** Schedules the next catch-up step, unless one is scheduled or nothing waits. */
  #wake(delayMs = this.#quietMs): void {
    if (this.#cancel !== undefined || this.#closed || this.#pending.size === 0) return;
    this.#cancel = this.#schedule(() => {
      this.#cancel = undefined;
      // Stores in progress come first: their answers wait for the event loop, the graph does not.
      const quietFor = this.#now() - this.#lastArrival;
      if (this.#busy() || quietFor < this.#quietMs) {
        this.#wake(Math.max(1, this.#quietMs - Math.max(0, quietFor)));
        return;
      }
      this.#moveToGraph(this.#step);
      this.#wake(0);
    }, delayMs);
  }
}
