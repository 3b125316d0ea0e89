import pg from 'pg';
import type { TaskSqlDialect, TaskSqlDriver, TaskSqlTransaction } from './TaskSqlDriver.js';
import { taskSchema } from './taskSchema.js';

const dialect: TaskSqlDialect = { name: 'postgres', skipLocked: 'FOR UPDATE SKIP LOCKED', forUpdate: 'FOR UPDATE', limitAll: 'LIMIT ALL' };

/**
 * The store's SQL for PostgreSQL: its tables qualified with the schema (no reliance on a
 * connection's `search_path`, which poolers and PGlite do not keep) and `?` placeholders numbered
 * `$1, $2, …` (the store's SQL has no `?` or table name inside a literal).
 */
function translate(sql: string, schema: string): string {
  let n = 0;
  return sql.replace(/\b(tasks|task_steps|task_events)\b/g, `${schema}.$1`).replace(/\?/g, () => `$${++n}`);
}

// The same number for every process: schema creation by two processes at once takes turns.
const schemaLockKey = 0x7a5c_0018;

/**
 * The task store's driver over a PostgreSQL pool: tables in their own schema (named in every
 * statement), every transaction `BEGIN … COMMIT` on one pooled connection. Row locks
 * (`FOR UPDATE`, `SKIP LOCKED` when claiming) keep workers on several hosts apart.
 */
export class PostgresTaskSqlDriver implements TaskSqlDriver {
  readonly dialect = dialect;
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #translated = new Map<string, string>();

  private constructor(pool: pg.Pool, schema: string) {
    this.#pool = pool;
    this.#schema = schema;
  }

  /** Connects and creates the schema and its tables when missing; throws the driver's error when it cannot. */
  static async open(options: {
    readonly connectionString: string;
    readonly schema: string;
    readonly poolSize: number;
  }): Promise<PostgresTaskSqlDriver> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection the server dropped is replaced by the pool; its error must not crash the process.
    pool.on('error', () => undefined);
    const driver = new PostgresTaskSqlDriver(pool, options.schema);
    try {
      await driver.transaction('write', async (tx) => {
        await tx.run('SELECT pg_advisory_xact_lock(?)', [schemaLockKey]);
        await tx.run(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
        for (const statement of taskSchema('BIGINT')) await tx.run(statement);
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return driver;
  }

  async transaction<T>(mode: 'read' | 'write', fn: (tx: TaskSqlTransaction) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const tx: TaskSqlTransaction = {
      all: async <R extends object>(sql: string, params: readonly unknown[] = []): Promise<R[]> =>
        (await client.query<R>(this.#sql(sql), [...params])).rows,
      run: async (sql: string, params: readonly unknown[] = []): Promise<number> =>
        (await client.query(this.#sql(sql), [...params])).rowCount ?? 0,
    };
    let broken = false;
    try {
      await client.query(mode === 'write' ? 'BEGIN' : 'BEGIN READ ONLY');
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {
        broken = true;
      });
      throw error;
    } finally {
      // A connection that could not even roll back is dropped rather than handed to the next caller.
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  #sql(sql: string): string {
    let translated = this.#translated.get(sql);
    if (translated === undefined) {
      translated = translate(sql, this.#schema);
      this.#translated.set(sql, translated);
    }
    return translated;
  }
}
