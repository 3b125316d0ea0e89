import { TaskPushNotificationConfig } from '@a2a-js/sdk';
import {
  type OwnerResolver,
  type PushNotificationStore,
  resolveUserScope,
  type ServerCallContext,
  type StoredPushNotificationConfig,
} from '@a2a-js/sdk/server';
import type Database from 'better-sqlite3';
import { openA2aDatabase } from './openA2aDatabase.js';

/**
 * Options of {@link SqliteA2aPushNotificationStore.open}.
 * @public
 */
export interface SqliteA2aPushNotificationStoreOptions {
  /** The SQLite file (it may be the task store's); omit for a private in-memory store. */
  readonly file?: string | undefined;
  /** Who owns a config, from the call's context (default the SDK's `resolveUserScope`). */
  readonly ownerResolver?: OwnerResolver | undefined;
}

const schema = `
CREATE TABLE IF NOT EXISTS a2a_push_configs (
  tenant TEXT NOT NULL,
  owner TEXT NOT NULL,
  task_id TEXT NOT NULL,
  config_id TEXT NOT NULL,
  wire_version TEXT NOT NULL,
  config TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (tenant, owner, task_id, config_id)
);
`;

/** The wire version a config registered without an `A2A-Version` header was registered over. */
const LEGACY_VERSION = '0.3';

/**
 * A durable `@a2a-js/sdk` `PushNotificationStore`: a task's push configs in a SQLite file
 * (committed with `synchronous=FULL` before `save` resolves), with the wire version each was
 * registered over, so that a config the server acknowledged still receives notifications after a
 * restart — for instance those of a task the restarted server runs again.
 *
 * @remarks
 * Same semantics as the SDK's in-memory store: scoped by tenant and owner, an empty config id is
 * given a new UUID in place, saving an id again replaces it (and moves it last), `delete`
 * without a config id deletes the config whose id is the task id.
 * @public
 */
export class SqliteA2aPushNotificationStore implements PushNotificationStore {
  readonly #db: Database.Database;
  readonly #owner: OwnerResolver;
  #seq = 0;

  private constructor(db: Database.Database, owner: OwnerResolver) {
    this.#db = db;
    this.#owner = owner;
    const { last } = db.prepare('SELECT coalesce(max(seq), 0) AS last FROM a2a_push_configs').get() as { last: number };
    this.#seq = last;
  }

  /**
   * Opens (creating if missing) the store.
   * @throws `A2aError` `A2A_STORE_UNAVAILABLE` when the file cannot be opened or written.
   */
  static open(options: SqliteA2aPushNotificationStoreOptions = {}): SqliteA2aPushNotificationStore {
    return new SqliteA2aPushNotificationStore(openA2aDatabase(options.file, schema), options.ownerResolver ?? resolveUserScope);
  }

  /** Saves (replaces) a config of the task, committed before the promise resolves. */
  async save(taskId: string, context: ServerCallContext, config: TaskPushNotificationConfig): Promise<void> {
    if (!config.id) config.id = crypto.randomUUID();
    this.#seq += 1;
    this.#db
      .prepare(
        `INSERT INTO a2a_push_configs (tenant, owner, task_id, config_id, wire_version, config, seq) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (tenant, owner, task_id, config_id) DO UPDATE SET wire_version = excluded.wire_version, config = excluded.config, seq = excluded.seq`,
      )
      .run(
        context.tenant ?? '',
        this.#owner(context),
        taskId,
        config.id,
        context.requestedVersion || LEGACY_VERSION,
        JSON.stringify(TaskPushNotificationConfig.toJSON(config)),
        this.#seq,
      );
  }

  /** The task's configs, in the order they were saved. */
  async load(taskId: string, context: ServerCallContext): Promise<TaskPushNotificationConfig[]> {
    return (await this.loadWithMetadata(taskId, context)).map((stored) => stored.config);
  }

  /** The task's configs with the wire version each was registered over. */
  async loadWithMetadata(taskId: string, context: ServerCallContext): Promise<StoredPushNotificationConfig[]> {
    const rows = this.#db
      .prepare('SELECT wire_version, config FROM a2a_push_configs WHERE tenant = ? AND owner = ? AND task_id = ? ORDER BY seq')
      .all(context.tenant ?? '', this.#owner(context), taskId) as { wire_version: string; config: string }[];
    return rows.map((row) => ({ config: TaskPushNotificationConfig.fromJSON(JSON.parse(row.config)), wireVersion: row.wire_version }));
  }

  /** Deletes one config (by default the one whose id is the task id). */
  async delete(taskId: string, context: ServerCallContext, configId: string = taskId): Promise<void> {
    this.#db
      .prepare('DELETE FROM a2a_push_configs WHERE tenant = ? AND owner = ? AND task_id = ? AND config_id = ?')
      .run(context.tenant ?? '', this.#owner(context), taskId, configId);
  }

  /** Closes the file. */
  close(): void {
    this.#db.close();
  }
}
