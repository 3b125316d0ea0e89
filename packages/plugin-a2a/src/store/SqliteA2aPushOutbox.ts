import { TaskPushNotificationConfig } from '@a2a-js/sdk';
import type Database from 'better-sqlite3';
import type { A2aPushDelivery, A2aPushOutbox } from '../push/A2aPushOutbox.js';
import { openA2aDatabase } from './openA2aDatabase.js';

/**
 * Options of {@link SqliteA2aPushOutbox.open}.
 * @public
 */
export interface SqliteA2aPushOutboxOptions {
  /** The SQLite file (it may be the task and push config stores'); omit for a private in-memory outbox. */
  readonly file?: string | undefined;
}

const schema = `
CREATE TABLE IF NOT EXISTS a2a_push_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_id TEXT NOT NULL,
  config TEXT NOT NULL,
  content_type TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0
);
`;

interface Row {
  readonly id: number;
  readonly task_id: string;
  readonly config: string;
  readonly content_type: string;
  readonly body: string;
  readonly attempts: number;
}

/**
 * A durable {@link A2aPushOutbox}: undelivered push notifications in a SQLite file (WAL,
 * `synchronous=FULL`), so the retries of a notification outlive the process that made it.
 * @public
 */
export class SqliteA2aPushOutbox implements A2aPushOutbox {
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
  }

  /**
   * Opens (creating if missing) the outbox.
   * @throws `A2aError` `A2A_STORE_UNAVAILABLE` when the file cannot be opened or written.
   */
  static open(options: SqliteA2aPushOutboxOptions = {}): SqliteA2aPushOutbox {
    return new SqliteA2aPushOutbox(openA2aDatabase(options.file, schema));
  }

  async add(delivery: Omit<A2aPushDelivery, 'id' | 'attempts'>): Promise<number> {
    const { lastInsertRowid } = this.#db
      .prepare('INSERT INTO a2a_push_outbox (task_id, config, content_type, body) VALUES (?, ?, ?, ?)')
      .run(delivery.taskId, JSON.stringify(TaskPushNotificationConfig.toJSON(delivery.config)), delivery.contentType, delivery.body);
    return Number(lastInsertRowid);
  }

  async attempted(id: number, attempts: number): Promise<void> {
    this.#db.prepare('UPDATE a2a_push_outbox SET attempts = ? WHERE id = ?').run(attempts, id);
  }

  async remove(id: number): Promise<void> {
    this.#db.prepare('DELETE FROM a2a_push_outbox WHERE id = ?').run(id);
  }

  async pending(): Promise<readonly A2aPushDelivery[]> {
    const rows = this.#db.prepare('SELECT * FROM a2a_push_outbox ORDER BY id').all() as Row[];
    return rows.map((row) => ({
      id: row.id,
      taskId: row.task_id,
      config: TaskPushNotificationConfig.fromJSON(JSON.parse(row.config)),
      contentType: row.content_type,
      body: row.body,
      attempts: row.attempts,
    }));
  }

  /** Closes the file. */
  close(): void {
    this.#db.close();
  }
}
