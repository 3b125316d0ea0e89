import { join } from 'node:path';
import { describeIoError } from './describeIoError.js';
import { IndexSaveSchedule } from './IndexSaveSchedule.js';
import type { VectorIndex } from '../vector/VectorIndex.js';
import {
  computeIndexFileChecksums,
  findIndexFileDamageInBlocks,
  type IndexFileChecksums,
  isIndexFileChecksums,
} from './indexFileChecksums.js';
import type { MemoryStorageIo } from './MemoryStorageIo.js';

/** What is saved: the index and the store state it matches. */
export interface VectorIndexSnapshot {
  readonly index: VectorIndex;
  /** The database's instance marker (changes on reindex), so an index of another model is never replayed. */
  readonly instance: string;
  /** The change log position the index includes. */
  readonly seq: number;
  readonly model: string;
  readonly dimensions: number;
}

/** The JSON sidecar saved beside the index file (format 2: with the file's checksums). */
export interface VectorIndexSidecar {
  readonly format: 2;
  readonly instance: string;
  readonly seq: number;
  readonly model: string;
  readonly dimensions: number;
  readonly file: IndexFileChecksums;
}

/** What {@link VectorIndexPersistence.verify} found: a sound saved index, nothing saved, or a damaged file named. */
export type VectorIndexVerdict =
  | { readonly state: 'sound'; readonly sidecar: VectorIndexSidecar }
  | { readonly state: 'none' }
  | { readonly state: 'damaged'; readonly file: string; readonly problem: string };

const INDEX_FILE = 'memories.usearch';
/** The problem of a sidecar written before checksums (an upgrade, not damage). */
export const SIDECAR_WITHOUT_CHECKSUMS = 'saved without checksums by an older release';
const SIDECAR_FILE = `${INDEX_FILE}.json`;

/** Options of {@link VectorIndexPersistence}. */
export interface VectorIndexPersistenceOptions {
  readonly dataDir: string;
  readonly io: MemoryStorageIo;
  /** Where failures to save are reported (they never fail a write). */
  readonly warn: (message: string) => void;
  /** Save after this many vector changes since the last save. */
  readonly saveEvery: number;
  /** What to save now; `undefined` when there is nothing to save (no model yet, or an exact index). */
  readonly snapshot: () => VectorIndexSnapshot | undefined;
  /** Called after a save with the change log position it covers (older log entries can go). */
  readonly saved: (seq: number) => void;
}

/**
 * Saves the vector index beside the database, outside every write's outcome: the index is derived
 * data, rebuilt or repaired from the database on open, so a save that fails (a full or read-only
 * disk) is reported as a warning and as degraded health, and retried later — never thrown to a
 * writer whose rows are committed.
 */
export class VectorIndexPersistence {
  readonly indexPath: string;
  readonly sidecarPath: string;
  readonly #options: VectorIndexPersistenceOptions;
  readonly #schedule: IndexSaveSchedule;

  constructor(options: VectorIndexPersistenceOptions) {
    this.#options = options;
    this.indexPath = join(options.dataDir, INDEX_FILE);
    this.sidecarPath = `${this.indexPath}.json`;
    this.#schedule = new IndexSaveSchedule(
      options.saveEvery,
      () => {
        const snapshot = options.snapshot();
        if (snapshot === undefined) return false;
        this.#write(snapshot);
        options.saved(snapshot.seq);
        return true;
      },
      (reason) =>
        options.warn(
          `could not save the vector index (memories.usearch): ${reason}; writes go on, the index is rebuilt from the database if the process stops, and the save is retried.`,
        ),
    );
  }

  /** Why the last save failed, while it has not succeeded since. */
  get failure(): string | undefined {
    return this.#schedule.failure;
  }

  /** Vector changes not yet in the saved index. */
  get unsaved(): number {
    return this.#schedule.unsaved;
  }

  /** Records vector changes after their commit; a save is scheduled (after the writers are answered) once enough piled up. */
  noteChanges(count: number): void {
    this.#schedule.noteChanges(count);
  }

  /**
   * Checks the saved index file against the checksums in its sidecar (size, header, every block)
   * before native code may read it; names the file at fault. Never throws.
   */
  verify(): VectorIndexVerdict {
    const { io } = this.#options;
    let sidecarBytes: Buffer | undefined;
    let indexSize: number | undefined;
    try {
      sidecarBytes = io.readFile(this.sidecarPath);
      indexSize = io.stat(this.indexPath)?.size;
    } catch (error) {
      return { state: 'damaged', file: sidecarBytes === undefined ? SIDECAR_FILE : INDEX_FILE, problem: describeIoError(error) };
    }
    if (sidecarBytes === undefined)
      return indexSize === undefined ? { state: 'none' } : { state: 'damaged', file: SIDECAR_FILE, problem: 'missing' };
    const sidecar = parseSidecar(sidecarBytes);
    if (typeof sidecar === 'string') return { state: 'damaged', file: SIDECAR_FILE, problem: sidecar };
    let problem: string | undefined;
    try {
      // Block by block: the file is as large as the index (1.7 GB at a million vectors), and usearch reads it again to load it.
      problem = findIndexFileDamageInBlocks(indexSize, (blockSize, visit) => io.readBlocks(this.indexPath, blockSize, visit), sidecar.file);
    } catch (error) {
      return { state: 'damaged', file: INDEX_FILE, problem: describeIoError(error) };
    }
    return problem === undefined ? { state: 'sound', sidecar } : { state: 'damaged', file: INDEX_FILE, problem };
  }

  /** Removes the saved files (found damaged): until the next save there is no saved index, which the next open rebuilds. Never throws. */
  discard(): void {
    try {
      this.#options.io.remove(this.sidecarPath);
      this.#options.io.remove(this.indexPath);
    } catch {
      // Left in place: the next open finds them damaged again and rebuilds.
    }
  }

  /** Saves now; returns whether it worked (a failure is warned about and remembered, never thrown). */
  trySave(): boolean {
    return this.#schedule.trySave();
  }

  /** Retries a failed save (called on the store's timer). */
  retry(): void {
    this.#schedule.retry();
  }

  /** Marks the saved index as out of date, so the next save (at the latest on close) writes it. */
  markStale(changes: number): void {
    this.#schedule.markStale(changes);
  }

  /** Saves what is unsaved before the store closes; never throws. */
  close(): void {
    this.#schedule.close();
  }

  #write(snapshot: VectorIndexSnapshot): void {
    const { io } = this.#options;
    // Both files are written beside their final names and renamed over them, index first: a crash
    // in between leaves an index that fails its old sidecar's checksums, and is rebuilt.
    const indexTmp = `${this.indexPath}.tmp`;
    const sidecarTmp = `${this.sidecarPath}.tmp`;
    snapshot.index.save(indexTmp);
    const bytes = io.readFile(indexTmp);
    if (bytes === undefined) throw Object.assign(new Error('the saved index file vanished'), { code: 'ENOENT' });
    const sidecar: VectorIndexSidecar = {
      format: 2,
      instance: snapshot.instance,
      seq: snapshot.seq,
      model: snapshot.model,
      dimensions: snapshot.dimensions,
      file: computeIndexFileChecksums(bytes),
    };
    io.writeFile(sidecarTmp, JSON.stringify(sidecar));
    io.rename(indexTmp, this.indexPath);
    io.rename(sidecarTmp, this.sidecarPath);
  }
}

/** The sidecar, or what is wrong with it. */
function parseSidecar(bytes: Buffer): VectorIndexSidecar | string {
  let value: Partial<VectorIndexSidecar>;
  try {
    value = JSON.parse(bytes.toString('utf8')) as Partial<VectorIndexSidecar>;
  } catch {
    return 'not valid JSON';
  }
  if (value === null || typeof value !== 'object') return 'not a sidecar';
  if (value.format !== 2) return SIDECAR_WITHOUT_CHECKSUMS;
  if (
    typeof value.instance !== 'string' ||
    typeof value.model !== 'string' ||
    !Number.isInteger(value.seq) ||
    !Number.isInteger(value.dimensions) ||
    !isIndexFileChecksums(value.file)
  )
    return 'fields missing or of the wrong type';
  return value as VectorIndexSidecar;
}
