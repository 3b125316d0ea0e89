import Database from 'better-sqlite3';
import type { SqlDialect, SqlDriver, SqlSchema, SqlTransaction } from './SqlDriver.js';
import { type Fdatasync, SqliteWalSync } from './SqliteWalSync.js';

const dialect: SqlDialect = {
  name: 'sqlite',
  skipLocked: '',
  forUpdate: '',
  limitAll: 'LIMIT -1',
  int64: 'INTEGER',
  // AUTOINCREMENT: a deleted (pruned) row's number is never handed out again, so cursors stay valid.
  serialKey: 'INTEGER PRIMARY KEY AUTOINCREMENT',
};

/**
 * The options of {@link SqliteSqlDriver}.
 * @public
 */
export interface SqliteSqlDriverOptions {
  /** The store's tables, created when missing. */
  readonly schema: SqlSchema;
  /**
   * How commits reach the disk. `'async'` (default): COMMIT writes the WAL and returns, and the WAL
   * is fdatasynced on libuv's thread pool before the transaction resolves, so the event loop runs
   * on meanwhile and the next batch commits during the sync. `'full'`: SQLite's
   * `synchronous=FULL`, COMMIT waits for the disk inside the call. Either way a transaction
   * resolves only once what it wrote, and what it read, is on disk.
   */
  readonly sync?: 'async' | 'full' | undefined;
  /** @internal The file system's `fdatasync`, replaced by tests to count syncs or make one fail. */
  readonly fdatasync?: Fdatasync | undefined;
}

/** What a transaction rejects with when the sync after its commit failed. */
function syncFailure(cause: unknown): Error {
  return new Error('SQLite could not sync its write-ahead log to disk: the commit may not be durable.', { cause });
}

/** A transaction waiting for its turn. */
interface Pending {
  readonly mode: 'read' | 'write';
  readonly fn: (tx: SqlTransaction) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** At most this many transactions share one commit. */
const maxBatch = 64;

/**
 * A {@link SqlDriver} over one SQLite file: WAL (several processes on one host share it), a
 * transaction resolves once its commit is on disk (the WAL synced off the event loop, or
 * `synchronous=FULL`: option `sync`), `BEGIN IMMEDIATE` ordering writers
 * across processes. Transactions of this process share one connection, so they run one at a time;
 * those that queued while one ran share the next commit (group commit): each runs in its own
 * savepoint — a failure undoes only its own writes — and all resolve after the one COMMIT, so
 * none is acknowledged before it is on disk, and 20 concurrent writes pay one fsync, not 20.
 * @public
 */
export class SqliteSqlDriver implements SqlDriver {
  /** {@inheritDoc SqlDriver.dialect} */
  readonly dialect: SqlDialect = dialect;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  readonly #pending: Pending[] = [];
  readonly #sync: SqliteWalSync | undefined;
  #draining: Promise<void> | undefined;

  /**
   * Opens (creating if missing) the file (`:memory:` for a private in-memory database) and its tables.
   * @throws the driver's error when the file cannot be opened or the tables created; callers wrap it in their own code.
   */
  constructor(file: string, options: SqliteSqlDriverOptions) {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // Several processes share the file: wait for a writer instead of failing at once.
      db.pragma('busy_timeout = 5000');
      for (const statement of options.schema(dialect)) db.exec(statement);
      this.#sync = options.sync === 'full' ? undefined : SqliteWalSync.attach(db, { failure: syncFailure, fdatasync: options.fdatasync });
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
  }

  /** {@inheritDoc SqlDriver.transaction} */
  transaction<T>(mode: 'read' | 'write', fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#pending.push({ mode, fn, resolve: resolve as (value: unknown) => void, reject });
      this.#draining ??= this.#drain();
    });
  }

  /** {@inheritDoc SqlDriver.close} */
  async close(): Promise<void> {
    await this.#draining;
    await this.#sync?.settled().catch(() => undefined); // its callers hear of a failure; closing goes on
    this.#sync?.close();
    this.#db.close();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) await this.#runBatch(this.#pending.splice(0, maxBatch));
    } finally {
      this.#draining = undefined;
    }
  }

  async #runBatch(batch: readonly Pending[]): Promise<void> {
    const outcomes: { readonly ok: boolean; readonly value: unknown }[] = [];
    const writes = batch.some((item) => item.mode === 'write');
    try {
      this.#db.exec(writes ? 'BEGIN IMMEDIATE' : 'BEGIN');
      for (const item of batch) outcomes.push(await this.#inSavepoint(item));
      this.#db.exec('COMMIT');
    } catch (error) {
      // BEGIN or COMMIT failed (a busy or broken file): nothing of the batch is acknowledged.
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    }
    if (this.#sync === undefined) return SqliteSqlDriver.#settle(batch, outcomes);
    // Not awaited: the next batch commits while this one's sync runs on the thread pool.
    (writes ? this.#sync.durable() : this.#sync.settled()).then(
      () => SqliteSqlDriver.#settle(batch, outcomes),
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
  }

  /** Answers each caller of a batch whose commit is on disk: its value, or the error that undid its part. */
  static #settle(batch: readonly Pending[], outcomes: readonly { readonly ok: boolean; readonly value: unknown }[]): void {
    for (const [i, item] of batch.entries()) {
      const outcome = outcomes[i];
      if (outcome?.ok === true) item.resolve(outcome.value);
      else item.reject(outcome?.value);
    }
  }

  async #inSavepoint(item: Pending): Promise<{ readonly ok: boolean; readonly value: unknown }> {
    this.#db.exec('SAVEPOINT sql_tx');
    try {
      const value = await item.fn(this.#tx);
      this.#db.exec('RELEASE sql_tx');
      return { ok: true, value };
    } catch (error) {
      this.#db.exec('ROLLBACK TO sql_tx');
      this.#db.exec('RELEASE sql_tx');
      return { ok: false, value: error };
    }
  }

  readonly #tx: SqlTransaction = {
    all: <R extends object>(sql: string, params: readonly unknown[] = []): Promise<R[]> =>
      Promise.resolve(this.#statement(sql).all(...params) as R[]),
    run: (sql: string, params: readonly unknown[] = []): Promise<number> => Promise.resolve(this.#statement(sql).run(...params).changes),
  };

  #statement(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }
}
