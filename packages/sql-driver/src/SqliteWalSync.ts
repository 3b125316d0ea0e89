import { closeSync, fdatasync as nodeFdatasync, openSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * `fs.fdatasync`'s shape: the seam a test uses to count syncs or make one fail.
 * @public
 */
export type Fdatasync = (fd: number, callback: (error: NodeJS.ErrnoException | null) => void) => void;

/** Options of {@link SqliteWalSync.attach}. */
export interface SqliteWalSyncOptions {
  /** What a failed sync rejects with (it gets the file system's error as `cause`). */
  readonly failure: (cause: unknown) => Error;
  /** Default `fs.fdatasync`. */
  readonly fdatasync?: Fdatasync | undefined;
}

/**
 * Durable commits of a WAL-mode SQLite connection without stopping the event loop for the disk.
 *
 * With `synchronous=FULL` each COMMIT waits for its fsync inside the call, and nothing else in the
 * process runs meanwhile (≈0.2 ms a commit on the reference machine).
 * Attached, the connection runs with `synchronous=NORMAL` — a COMMIT writes its WAL frames to the
 * operating system and returns: a crash of the process loses nothing, a power cut could — and
 * {@link SqliteWalSync.durable} fdatasyncs the WAL file on libuv's thread pool, resolving once
 * every frame written before the call is on disk. A store answers its caller only after that, so
 * an acknowledged write is as durable as with FULL; callers that arrive while a sync runs share
 * the next one. SQLite still syncs the WAL before each checkpoint and the database after it
 * (NORMAL's rule), so a checkpoint never moves frames that are not on disk. A read may see a commit
 * during the ≈0.2 ms before it is durable; a store answers it after {@link SqliteWalSync.settled},
 * so no answer rests on what is not on disk (ADR 0037).
 *
 * A failed sync leaves it unknown whether the frames reached the disk, and Linux then reports the
 * pages clean, so a later sync could succeed without them: after one failure every later call
 * rejects too, until the store is reopened (which recovers the WAL from what is on disk).
 */
export class SqliteWalSync {
  readonly #fd: number;
  readonly #fdatasync: Fdatasync;
  readonly #failure: (cause: unknown) => Error;
  /** The sync running now. */
  #inFlight: Promise<void> | undefined;
  /** The sync that starts when the running one ends, shared by the callers that came meanwhile. */
  #queued: Promise<void> | undefined;
  #failed: Error | undefined;
  #state: 'open' | 'closing' | 'closed' = 'open';

  private constructor(fd: number, options: SqliteWalSyncOptions) {
    this.#fd = fd;
    this.#fdatasync = options.fdatasync ?? nodeFdatasync;
    this.#failure = options.failure;
  }

  /**
   * Switches `db` (WAL mode, its WAL file already made) to `synchronous=NORMAL` with a sync of its
   * own; `undefined` — and the connection left as it was — for an in-memory database or when the
   * WAL file cannot be opened.
   */
  static attach(db: Database.Database, options: SqliteWalSyncOptions): SqliteWalSync | undefined {
    if (db.memory || db.pragma('journal_mode', { simple: true }) !== 'wal') return undefined;
    let fd: number;
    try {
      // The connection keeps its WAL file while it is open (SQLite removes it only on the last close).
      fd = openSync(`${db.name}-wal`, 'r+');
    } catch {
      return undefined;
    }
    db.pragma('synchronous = NORMAL');
    return new SqliteWalSync(fd, options);
  }

  /** Resolves once every commit made before this call is on disk; rejects with `failure(cause)` when the sync fails. */
  durable(): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    // A sync already running may have started before this caller's frames were written: wait for the next.
    if (this.#inFlight === undefined) return this.#begin();
    this.#queued ??= this.#inFlight
      .catch(() => undefined)
      .then(() => {
        this.#queued = undefined;
        return this.#failed === undefined ? this.#begin() : Promise.reject(this.#failed);
      });
    return this.#queued;
  }

  /**
   * Resolves once every sync asked for so far has finished; rejects as they did. A read answers
   * after it, so no answer rests on a commit that is not yet on disk.
   */
  settled(): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    return this.#queued ?? this.#inFlight ?? Promise.resolve();
  }

  /** Closes the WAL file once no sync is running or waiting (the connection is closed by its owner). */
  close(): void {
    if (this.#state === 'open') this.#state = 'closing';
    this.#closeWhenIdle();
  }

  #begin(): Promise<void> {
    const sync = new Promise<void>((resolve, reject) => {
      this.#fdatasync(this.#fd, (error) => {
        if (this.#inFlight === sync) this.#inFlight = undefined;
        if (error !== null) this.#failed ??= this.#failure(error);
        this.#closeWhenIdle();
        if (error === null) resolve();
        else reject(this.#failed);
      });
    });
    this.#inFlight = sync;
    return sync;
  }

  #closeWhenIdle(): void {
    if (this.#state !== 'closing' || this.#inFlight !== undefined || this.#queued !== undefined) return;
    this.#state = 'closed';
    closeSync(this.#fd);
  }
}
