import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryStorageHealth } from '../schema/memorySchemas.js';
import { classifyStorageError } from './classifyStorageError.js';
import type { MemoryStorageFileStat, MemoryStorageIo } from './MemoryStorageIo.js';

/** Options of {@link StorageGuard}. */
export interface StorageGuardOptions {
  readonly io: MemoryStorageIo;
  /** The data folder and the database file in it; `undefined` for an in-memory database (nothing to watch). */
  readonly files?: { readonly dataDir: string; readonly database: string };
  /** Refuse every write (a read-only store). */
  readonly readOnly?: boolean;
}

/**
 * Stands between the store's writes and the disk, so that a write is acknowledged only if it is
 * durable: every write transaction goes through {@link StorageGuard.write}, which refuses it while
 * the data folder is gone, turns disk failures into typed errors (and remembers them for health),
 * and checks after the commit — before the caller is answered — that the database file is still
 * the one at its path (same device and inode). A commit into a file whose folder was deleted is
 * not durable: it is reported failed. The timer's {@link StorageGuard.tick} notices a removed
 * folder without a write, and probes a failing disk so the store recovers by itself.
 */
export class StorageGuard {
  readonly #io: MemoryStorageIo;
  readonly #files: StorageGuardOptions['files'];
  readonly #identity: MemoryStorageFileStat | undefined;
  readonly #readOnly: boolean;
  #failure: MemoryError | undefined;
  #removed: MemoryError | undefined;

  constructor(options: StorageGuardOptions) {
    this.#io = options.io;
    this.#files = options.files;
    this.#readOnly = options.readOnly === true;
    this.#identity = options.files === undefined ? undefined : options.io.stat(options.files.database);
  }

  /**
   * Throws the typed error a write would fail with now (read-only store, data folder removed), so
   * that costly work ahead of a write (a re-index embeds every memory) is refused before it starts.
   */
  assertWritable(): void {
    if (this.#readOnly)
      throw MemoryError.create('MEMORY_STORE_READ_ONLY', { reason: 'writes go through the process that owns its data folder' });
    this.#assertInPlace();
  }

  /**
   * Runs one write transaction of the store operation named (`store`, `update`, `delete`,
   * `reindex`, `probe`); throws a typed error naming it instead of acknowledging a write that is
   * not durable.
   */
  write<T>(operation: string, run: () => T): T {
    this.assertWritable();
    let result: T;
    try {
      result = this.#io.transaction(run);
    } catch (error) {
      throw this.typed(error, operation);
    }
    this.#assertInPlace();
    this.#failure = undefined;
    return result;
  }

  /** The typed form of a storage error (remembered for health), or the error unchanged. */
  typed(error: unknown, operation: string): unknown {
    const typed = classifyStorageError(error, operation);
    if (typed === undefined) return error;
    this.#failure = typed;
    return typed;
  }

  /** On the store's timer: notices a removed data folder, and runs `probe` (a tiny write) while writes fail, to recover. */
  tick(probe: () => void): void {
    try {
      this.#assertInPlace();
      if (this.#failure !== undefined) this.write('probe', probe);
    } catch {
      // Remembered by #assertInPlace or write; health reports it.
    }
  }

  /** True once the data folder was found removed or replaced: nothing may be written into the folder now at its path. */
  get removed(): boolean {
    return this.#removed !== undefined;
  }

  /** Whether writes work now, for `stats().storage`. */
  health(): MemoryStorageHealth | undefined {
    const refused = this.#removed ?? this.#failure;
    if (refused === undefined) return undefined;
    const code = typeof refused.details['code'] === 'string' ? ` (${refused.details['code']})` : '';
    const reasons: Record<string, string> = {
      MEMORY_STORAGE_FULL: 'the disk is full',
      MEMORY_STORAGE_UNWRITABLE: 'the data folder cannot be written',
      MEMORY_DATA_DIR_REMOVED: 'the data folder was removed or replaced; restart the process',
    };
    return { status: 'failing', code: refused.code, reason: `${reasons[refused.code] ?? refused.code}${code}` };
  }

  #assertInPlace(): void {
    if (this.#removed !== undefined) throw this.#removed;
    if (this.#files === undefined || this.#identity === undefined) return;
    let now: MemoryStorageFileStat | undefined;
    try {
      now = this.#io.stat(this.#files.database);
    } catch (error) {
      throw this.typed(error, 'check of the data folder');
    }
    if (now !== undefined && now.dev === this.#identity.dev && now.ino === this.#identity.ino) return;
    this.#removed = MemoryError.create(
      'MEMORY_DATA_DIR_REMOVED',
      { dataDir: this.#files.dataDir },
      { details: { dataDir: this.#files.dataDir } },
    );
    throw this.#removed;
  }
}
