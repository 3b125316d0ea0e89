import pg from 'pg';
import type { SqlDialect, SqlDriver, SqlSchema, SqlTransaction } from './SqlDriver.js';

const dialect: SqlDialect = {
  name: 'postgres',
  skipLocked: 'FOR UPDATE SKIP LOCKED',
  forUpdate: 'FOR UPDATE',
  limitAll: 'LIMIT ALL',
  int64: 'BIGINT',
  serialKey: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
};

/**
 * The options of {@link PostgresSqlDriver.open}.
 * @public
 */
export interface PostgresSqlDriverOptions {
  /** `postgres://user@host:port/database`. */
  readonly connectionString: string;
  /** The PostgreSQL schema the tables live in, created when missing; a plain lower-case identifier the caller checked. */
  readonly schema: string;
  /** Connections of the pool. */
  readonly poolSize: number;
  /** The store's tables. */
  readonly tables: SqlSchema;
  /**
   * The names of the store's tables, qualified with the schema in every statement;
   * none may appear inside a string literal of the store's SQL.
   */
  readonly tableNames: readonly string[];
  /** An advisory lock key of the store's own: two processes creating the tables at once take turns. */
  readonly schemaLockKey: number;
}

/**
 * The store's SQL for PostgreSQL: its tables qualified with the schema (no reliance on a
 * connection's `search_path`, which poolers and PGlite do not keep) and `?` placeholders numbered
 * `$1, $2, …` (the store's SQL has no `?` or table name inside a literal).
 */
function translate(sql: string, schema: string, names: RegExp): string {
  let n = 0;
  return sql.replace(names, `${schema}.$1`).replace(/\?/g, () => `$${++n}`);
}

/**
 * A {@link SqlDriver} over a PostgreSQL pool: tables in their own schema (named in every
 * statement), every transaction `BEGIN … COMMIT` on one pooled connection. Row locks
 * (`FOR UPDATE`, `SKIP LOCKED`) keep workers on several hosts apart.
 * @public
 */
export class PostgresSqlDriver implements SqlDriver {
  /** {@inheritDoc SqlDriver.dialect} */
  readonly dialect: SqlDialect = dialect;
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #names: RegExp;
  readonly #translated = new Map<string, string>();

  private constructor(pool: pg.Pool, schema: string, tableNames: readonly string[]) {
    this.#pool = pool;
    this.#schema = schema;
    this.#names = new RegExp(`\\b(${tableNames.join('|')})\\b`, 'g');
  }

  /**
   * Connects and creates the schema and its tables when missing.
   * @throws the driver's error when it cannot; callers wrap it in their own code.
   */
  static async open(options: PostgresSqlDriverOptions): Promise<PostgresSqlDriver> {
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize,
      connectionTimeoutMillis: 10_000,
    });
    // An idle connection the server dropped is replaced by the pool; its error must not crash the process.
    pool.on('error', () => undefined);
    const driver = new PostgresSqlDriver(pool, options.schema, options.tableNames);
    try {
      await driver.transaction('write', async (tx) => {
        await tx.run('SELECT pg_advisory_xact_lock(?)', [options.schemaLockKey]);
        await tx.run(`CREATE SCHEMA IF NOT EXISTS ${options.schema}`);
        for (const statement of options.tables(dialect)) await tx.run(statement);
      });
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw error;
    }
    return driver;
  }

  /** {@inheritDoc SqlDriver.transaction} */
  async transaction<T>(mode: 'read' | 'write', fn: (tx: SqlTransaction) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    const tx: SqlTransaction = {
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

  /** {@inheritDoc SqlDriver.close} */
  async close(): Promise<void> {
    await this.#pool.end();
  }

  #sql(sql: string): string {
    let translated = this.#translated.get(sql);
    if (translated === undefined) {
      translated = translate(sql, this.#schema, this.#names);
      this.#translated.set(sql, translated);
    }
    return translated;
  }
}
