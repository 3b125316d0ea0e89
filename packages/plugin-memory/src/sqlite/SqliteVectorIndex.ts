import type Database from 'better-sqlite3';
import type { MemoryIndexState } from '../schema/memorySchemas.js';
import type { MemoryStorageIo } from '../storage/MemoryStorageIo.js';
import type { StorageGuard } from '../storage/StorageGuard.js';
import { SIDECAR_WITHOUT_CHECKSUMS, type VectorIndexSidecar, VectorIndexPersistence } from '../storage/VectorIndexPersistence.js';
import type { MemoryEmbeddingShape } from '../engine/MemoryStoreDriver.js';
import { createExactVectorIndex } from '../vector/createExactVectorIndex.js';
import { createHnswVectorIndex } from '../vector/createHnswVectorIndex.js';
import type { HnswOptions } from '../vector/HnswOptions.js';
import type { MappedHnswFile } from '../vector/MappedHnswVectorIndex.js';
import { DeferredVectorIndex, type IndexCatchUpOptions } from '../vector/DeferredVectorIndex.js';
import { expansionSearchFor } from '../vector/expansionSearchFor.js';
import type { VectorIndex } from '../vector/VectorIndex.js';
import type { SqliteMemoryCounts } from './SqliteMemoryCounts.js';
import { blobToVector } from './sqliteMemoryRow.js';

/** Options of {@link SqliteVectorIndex}. */
export interface SqliteVectorIndexOptions {
  readonly db: Database.Database;
  /** Where the number of vectors the saved index is checked against comes from. */
  readonly counts: SqliteMemoryCounts;
  readonly kind: 'hnsw' | 'exact';
  readonly hnsw: HnswOptions | undefined;
  /** Where the index is saved; `undefined` for an in-memory store (never saved). */
  readonly dataDir: string | undefined;
  /** A read-only store loads the saved index (after its checksums passed) but never saves, repairs or removes it. */
  readonly readOnly: boolean;
  readonly io: MemoryStorageIo;
  readonly guard: StorageGuard;
  readonly warn: (message: string) => void;
  readonly saveEvery: number;
  /** How committed vectors reach the HNSW graph: off the write path (default), or `false`: before the write is answered. */
  readonly catchUp: IndexCatchUpOptions | false;
}

/**
 * The SQLite driver's vector index: derived from the `embedding` column, loaded from its saved
 * file (checked against its checksums first) and repaired from `vector_log`, or rebuilt from
 * the table; saved outside every write's outcome by {@link VectorIndexPersistence}.
 */
export class SqliteVectorIndex {
  readonly #options: SqliteVectorIndexOptions;
  readonly #db: Database.Database;
  readonly #selectEmbedding: Database.Statement<[number], { embedding: Buffer | null }>;
  readonly #maxLogSeq: Database.Statement<[], { seq: number | null }>;
  /** Saves the index; `undefined` for an in-memory or read-only store. */
  readonly persistence: VectorIndexPersistence | undefined;
  /** The saved files, read at open: a read-only store's too, which never writes them. */
  readonly #savedFiles: VectorIndexPersistence | undefined;
  index: VectorIndex | undefined;
  openedBy: MemoryIndexState['openedBy'] = 'empty';
  embedding: MemoryEmbeddingShape | undefined;
  instance: string;
  /** True while stores are in progress (set by the driver): the HNSW graph catches up in quiet moments. */
  busy: () => boolean = () => false;

  constructor(options: SqliteVectorIndexOptions, instance: string) {
    this.#options = options;
    this.#db = options.db;
    this.instance = instance;
    this.#selectEmbedding = this.#db.prepare('SELECT embedding FROM memories WHERE row = ?');
    this.#maxLogSeq = this.#db.prepare('SELECT max(seq) AS seq FROM vector_log');
    const model = this.#meta('embedding_model');
    const dimensions = this.#meta('embedding_dimensions');
    if (model !== undefined && dimensions !== undefined) this.embedding = { model, dimensions: Number(dimensions) };
    this.#savedFiles =
      options.dataDir === undefined
        ? undefined
        : new VectorIndexPersistence({
            dataDir: options.dataDir,
            io: options.io,
            warn: options.warn,
            saveEvery: options.saveEvery,
            snapshot: () => this.#snapshot(),
            // Entries up to `seq` are in the saved index; older ones are no longer needed for repair.
            saved: (seq) => this.#db.prepare('DELETE FROM vector_log WHERE seq <= ?').run(seq),
          });
    this.persistence = options.readOnly ? undefined : this.#savedFiles;
  }

  #meta(key: string): string | undefined {
    return (this.#db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  #setMeta(key: string, value: string): void {
    this.#db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  #snapshot(): ReturnType<ConstructorParameters<typeof VectorIndexPersistence>[0]['snapshot']> {
    const { index, embedding } = this;
    // A folder now at the path is not this store's (removed or replaced): nothing is saved into it.
    if (index === undefined || embedding === undefined || index.kind !== 'hnsw' || this.#options.guard.removed) return undefined;
    return { index, instance: this.instance, seq: this.#maxLogSeq.get()?.seq ?? 0, ...embedding };
  }

  /**
   * An empty index for `size` vectors, or the saved one of `files` (whose sidecar, checked, is
   * `sidecar`): HNSW's search breadth grows with the store unless configured.
   */
  #newIndex(
    dimensions: number,
    size: number,
    saved?: { files: VectorIndexPersistence; sidecar: VectorIndexSidecar },
  ): { index: VectorIndex; loaded: boolean } {
    if (this.#options.kind === 'exact') return { index: createExactVectorIndex(dimensions), loaded: false };
    const expansionSearch = this.#options.hnsw?.expansionSearch ?? expansionSearchFor(size);
    let deferred: DeferredVectorIndex | undefined;
    const from =
      saved === undefined || this.#options.hnsw?.openSaved === 'load'
        ? saved?.files.indexPath
        : this.#mappedFile(saved, dimensions, (row) => deferred?.isPending(row) === true);
    const made = createHnswVectorIndex(dimensions, { ...this.#options.hnsw, expansionSearch }, from);
    const { catchUp } = this.#options;
    if (catchUp === false) return made;
    deferred = new DeferredVectorIndex(made.index, { ...catchUp, busy: () => this.busy() });
    return { index: deferred, loaded: made.loaded };
  }

  /** Replaces the index, stopping the catch-up of the one it replaces. */
  #replace(index: VectorIndex): void {
    if (this.index instanceof DeferredVectorIndex && this.index !== index) this.index.close();
    this.index = index;
  }

  /** Committed vectors not yet in the HNSW graph (searched exactly meanwhile). */
  pendingCount(): number {
    return this.index instanceof DeferredVectorIndex ? this.index.pendingCount() : 0;
  }

  /** Stops the HNSW catch-up (the store is closing, after the index was saved). */
  close(): void {
    if (this.index instanceof DeferredVectorIndex) this.index.close();
  }

  #rebuild(dimensions: number, size: number): VectorIndex {
    const fresh = this.#newIndex(dimensions, size).index;
    this.#fill(fresh, dimensions);
    return fresh;
  }

  /** Adds every stored vector (but those `skip` names) to an empty index, a page of rows at a time. */
  #fill(index: VectorIndex, dimensions: number, skip: (row: number) => boolean = () => false): void {
    const page = this.#db.prepare<[number, number], { row: number; embedding: Buffer }>(
      'SELECT row, embedding FROM memories WHERE embedding IS NOT NULL AND row > ? ORDER BY row LIMIT ?',
    );
    for (let after = 0; ; ) {
      const rows = page.all(after, 4096);
      if (rows.length === 0) return;
      after = (rows.at(-1) as { row: number }).row;
      const taken = rows.filter((r) => !skip(r.row));
      const matrix = new Float32Array(taken.length * dimensions);
      for (const [i, r] of taken.entries()) matrix.set(blobToVector(r.embedding), i * dimensions);
      index.addBatch(
        taken.map((r) => r.row),
        matrix,
      );
    }
  }

  /**
   * The saved graph as served mapped (`hnsw.openSaved: 'map'`, the default): its writable copy is
   * read at the first save or detach if the file still holds the bytes that were mapped (sound, under the sidecar
   * checked at open); otherwise the graph is rebuilt from the database with a warning — but for
   * the rows `pending` names, which wait in the catch-up's tail (the graph never holds a key the
   * tail holds).
   */
  #mappedFile(
    { files, sidecar }: { files: VectorIndexPersistence; sidecar: VectorIndexSidecar },
    dimensions: number,
    pending: (row: number) => boolean,
  ): MappedHnswFile {
    const mapped = JSON.stringify(sidecar);
    return {
      path: files.indexPath,
      stillSound: () => {
        const verdict = files.verify();
        if (verdict.state === 'sound' && JSON.stringify(verdict.sidecar) === mapped) return true;
        const problem =
          verdict.state === 'sound'
            ? 'memories.usearch: another saved index'
            : verdict.state === 'damaged'
              ? `${verdict.file}: ${verdict.problem}`
              : 'memories.usearch: missing';
        this.#options.warn(`the vector index file changed on disk while the store served it (${problem}); rebuilding it from the database`);
        this.persistence?.markStale(this.#options.counts.vectors());
        return false;
      },
      refill: (graph) => this.#fill(graph, dimensions, pending),
    };
  }

  /** Loads the saved index once its files passed their checksums, and replays the change log; false when it must be rebuilt. */
  #loadSaved(current: MemoryEmbeddingShape, expected: number): boolean {
    const persistence = this.persistence;
    const files = this.#savedFiles;
    if (files === undefined) return false;
    const verdict = files.verify();
    if (verdict.state === 'damaged') {
      this.#options.warn(
        verdict.problem === SIDECAR_WITHOUT_CHECKSUMS
          ? `the vector index file ${verdict.file} was saved by an earlier release without checksums; rebuilding the index from the database once`
          : `the vector index file ${verdict.file} is damaged (${verdict.problem}); rebuilding it from the database`,
      );
      persistence?.discard();
    }
    if (verdict.state !== 'sound') return false;
    const { sidecar } = verdict;
    if (sidecar.instance !== this.instance || sidecar.model !== current.model || sidecar.dimensions !== current.dimensions) return false;
    const { index: loaded, loaded: ok } = this.#newIndex(current.dimensions, expected, { files, sidecar });
    if (!ok) return false;
    const pending = this.#db.prepare<[number], { row: number }>('SELECT row FROM vector_log WHERE seq > ? ORDER BY seq').all(sidecar.seq);
    for (const { row } of pending) {
      const blob = this.#selectEmbedding.get(row)?.embedding;
      if (blob == null) loaded.remove(row);
      else loaded.upsert(row, blobToVector(blob));
    }
    if (loaded.size() !== expected) {
      if (loaded instanceof DeferredVectorIndex) loaded.close();
      return false;
    }
    this.#replace(loaded);
    this.openedBy = pending.length === 0 ? 'loaded' : 'repaired';
    persistence?.noteChanges(pending.length);
    return true;
  }

  /** Loads, repairs or rebuilds the index at open. */
  open(): void {
    if (this.embedding === undefined) {
      this.openedBy = 'empty';
      return;
    }
    const expected = this.#options.counts.vectors();
    if (this.#options.kind === 'hnsw' && this.#loadSaved(this.embedding, expected)) return;
    this.#replace(this.#rebuild(this.embedding.dimensions, expected));
    this.openedBy = 'rebuilt';
    this.persistence?.markStale(expected);
  }

  /** Called inside a write transaction: fixes the model on first use and creates the index. */
  adopt(shape: MemoryEmbeddingShape, mismatch: (current: MemoryEmbeddingShape) => never): void {
    if (this.embedding !== undefined) {
      // Another write may have fixed the model while this one was embedding.
      if (this.embedding.model !== shape.model || this.embedding.dimensions !== shape.dimensions) mismatch(this.embedding);
      return;
    }
    this.embedding = { model: shape.model, dimensions: shape.dimensions };
    this.#setMeta('embedding_model', shape.model);
    this.#setMeta('embedding_dimensions', String(shape.dimensions));
    this.#replace(this.#newIndex(shape.dimensions, 0).index);
    this.openedBy = 'empty';
  }

  /** Inside the re-index transaction: records the new model and a new instance marker (a saved index of the old model is never replayed). */
  recordModel(shape: MemoryEmbeddingShape, instance: string): void {
    this.#setMeta('embedding_model', shape.model);
    this.#setMeta('embedding_dimensions', String(shape.dimensions));
    this.#setMeta('instance', instance);
  }

  /** After the re-index committed: the index is rebuilt from the new vectors and saved. */
  rebuildFor(shape: MemoryEmbeddingShape, instance: string, size: number): void {
    this.instance = instance;
    this.embedding = { ...shape };
    this.#replace(this.#rebuild(shape.dimensions, size));
    this.openedBy = 'rebuilt';
    this.persistence?.markStale(size);
    this.persistence?.trySave();
  }

  /** After a commit: the index save it may trigger runs later, outside the write's outcome. */
  noteChanges(count: number): void {
    this.persistence?.noteChanges(count);
  }
}
