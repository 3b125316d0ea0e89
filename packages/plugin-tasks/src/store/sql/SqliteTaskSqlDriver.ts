import Database from 'better-sqlite3';
import type { TaskSqlDialect, TaskSqlDriver, TaskSqlTransaction } from './TaskSqlDriver.js';
import { taskSchema } from './taskSchema.js';

const dialect: TaskSqlDialect = { name: 'sqlite', skipLocked: '', forUpdate: '', limitAll: 'LIMIT -1' };

/**
 * The task store's driver over one SQLite file: WAL (several processes on one host share it),
 * `synchronous=FULL` (a commit is on disk when it returns). Transactions of this process run one
 * at a time — they share one connection — and `BEGIN IMMEDIATE` orders writers across processes.
 */
export class SqliteTaskSqlDriver implements TaskSqlDriver {
  readonly dialect = dialect;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  #queue: Promise<unknown> = Promise.resolve();

  /** Opens (creating if missing) the file and its tables; throws the driver's error when it cannot. */
  constructor(file: string) {
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // Several worker processes share the file: wait for a writer instead of failing at once.
      db.pragma('busy_timeout = 5000');
      for (const statement of taskSchema('INTEGER')) db.exec(statement);
    } catch (error) {
      db.close();
      throw error;
    }
    this.#db = db;
  }

  transaction<T>(mode: 'read' | 'write', fn: (tx: TaskSqlTransaction) => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => this.#run(mode, fn));
    // The next transaction waits for this one to end, however it ends.
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#queue;
    this.#db.close();
  }

  async #run<T>(mode: 'read' | 'write', fn: (tx: TaskSqlTransaction) => Promise<T>): Promise<T> {
    this.#db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : 'BEGIN');
    try {
      const result = await fn(this.#tx);
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  readonly #tx: TaskSqlTransaction = {
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
