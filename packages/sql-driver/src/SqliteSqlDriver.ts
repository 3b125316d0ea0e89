import Database from 'better-sqlite3';
import type { SqlDialect, SqlDriver, SqlSchema, SqlTransaction } from './SqlDriver.js';

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
 * A {@link SqlDriver} over one SQLite file: WAL (several processes on one host share it),
 * `synchronous=FULL` (a commit is on disk when it resolves), `BEGIN IMMEDIATE` ordering writers
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
    try {
      this.#db.exec(batch.some((item) => item.mode === 'write') ? 'BEGIN IMMEDIATE' : 'BEGIN');
      for (const item of batch) outcomes.push(await this.#inSavepoint(item));
      this.#db.exec('COMMIT');
    } catch (error) {
      // BEGIN or COMMIT failed (a busy or broken file): nothing of the batch is acknowledged.
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      for (const item of batch) item.reject(error);
      return;
    }
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
