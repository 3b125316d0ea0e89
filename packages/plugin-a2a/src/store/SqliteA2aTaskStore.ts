import { type ListTasksRequest, type ListTasksResponse, Task, TaskState } from '@a2a-js/sdk';
import { RequestMalformedError } from '@a2a-js/sdk/errors';
import { type OwnerResolver, resolveUserScope, type ServerCallContext, type TaskStore } from '@a2a-js/sdk/server';
import type Database from 'better-sqlite3';
import { openA2aDatabase } from './openA2aDatabase.js';
import { saveWaitsForDisk } from './saveWaitsForDisk.js';

/**
 * Options of {@link SqliteA2aTaskStore.open}.
 * @public
 */
export interface SqliteA2aTaskStoreOptions {
  /** The SQLite file; omit (or `:memory:`) for a private in-memory store. Processes on one host may share it (WAL). */
  readonly file?: string | undefined;
  /** Who owns a task, from the call's context (default the SDK's `resolveUserScope`: the user's name or `unknown`). */
  readonly ownerResolver?: OwnerResolver | undefined;
}

/**
 * A task left `submitted` or `working`, with the scope it was saved under: what a restarted
 * server runs again (see {@link SqliteA2aTaskStore.unfinished}).
 * @public
 */
export interface UnfinishedA2aTask {
  /** The task as last saved. */
  readonly task: Task;
  /** The tenant it was saved under (`''` for none). */
  readonly tenant: string;
  /** Its owner, as the owner resolver named it. */
  readonly owner: string;
}

const schema = `
CREATE TABLE IF NOT EXISTS a2a_tasks (
  tenant TEXT NOT NULL,
  owner TEXT NOT NULL,
  id TEXT NOT NULL,
  context_id TEXT NOT NULL,
  state INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  task TEXT NOT NULL,
  PRIMARY KEY (tenant, owner, id)
);
CREATE INDEX IF NOT EXISTS a2a_tasks_by_update ON a2a_tasks (tenant, owner, updated_ms DESC, id DESC);
`;

/** The states of a task some process is running; interrupted states (input or auth required) wait for the client instead. */
const RUNNING_STATES: readonly TaskState[] = [TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING];
/** The SDK's page size when a request names none. */
const DEFAULT_PAGE_SIZE = 50;

interface Row {
  readonly tenant: string;
  readonly owner: string;
  readonly id: string;
  readonly updated_ms: number;
  readonly task: string;
}

/** A status timestamp as milliseconds (0 when absent or unreadable), the order tasks are listed in. */
function updatedMs(task: Task): number {
  const parsed = Date.parse(task.status?.timestamp ?? '');
  return Number.isNaN(parsed) ? 0 : parsed;
}

function pageToken(row: Row): string {
  return Buffer.from(JSON.stringify([row.updated_ms, row.id])).toString('base64url');
}

function readPageToken(token: string): readonly [number, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') return [value[0], value[1]];
  } catch {
    // Falls through to the typed protocol error below.
  }
  throw new RequestMalformedError('Invalid page token.');
}

/**
 * A durable `@a2a-js/sdk` `TaskStore`: each A2A task is one row of a SQLite file (the task as
 * the SDK's JSON, its state and status time as columns), committed before `save` resolves and
 * synced to the disk (`synchronous=FULL`) whenever a response may depend on it, so a task the
 * server acknowledged survives a crash of the process or the machine. A running task's progress
 * (`working` after `submitted` or `working`) commits without the sync; the next save that
 * waits syncs it too.
 *
 * @remarks
 * Tasks are scoped like the SDK's stores: by the call's tenant and the owner the resolver
 * names. `list` orders by status time then id, newest first, with an opaque page token.
 * @public
 */
export class SqliteA2aTaskStore implements TaskStore {
  readonly #db: Database.Database;
  readonly #owner: OwnerResolver;
  // Prepared once: the SDK saves a task at every event and loads it before most of them.
  readonly #save: Database.Statement;
  readonly #load: Database.Statement;
  readonly #storedState: Database.Statement<[string, string, string], { state: TaskState }>;
  // A pragma compiled at each call costs ~20 µs; a progress save switches twice.
  readonly #syncNormal: Database.Statement;
  readonly #syncFull: Database.Statement;

  private constructor(db: Database.Database, owner: OwnerResolver) {
    this.#db = db;
    this.#owner = owner;
    this.#save = db.prepare(
      `INSERT INTO a2a_tasks (tenant, owner, id, context_id, state, updated_ms, task) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, owner, id) DO UPDATE SET context_id = excluded.context_id, state = excluded.state,
       updated_ms = excluded.updated_ms, task = excluded.task`,
    );
    this.#load = db.prepare('SELECT task FROM a2a_tasks WHERE tenant = ? AND owner = ? AND id = ?');
    this.#storedState = db.prepare('SELECT state FROM a2a_tasks WHERE tenant = ? AND owner = ? AND id = ?');
    this.#syncNormal = db.prepare('PRAGMA synchronous = NORMAL');
    this.#syncFull = db.prepare('PRAGMA synchronous = FULL');
  }

  /**
   * Opens (creating if missing) the store.
   * @throws `A2aError` `A2A_STORE_UNAVAILABLE` when the file cannot be opened or written.
   */
  static open(options: SqliteA2aTaskStoreOptions = {}): SqliteA2aTaskStore {
    const db = openA2aDatabase(options.file, schema);
    return new SqliteA2aTaskStore(db, options.ownerResolver ?? resolveUserScope);
  }

  /** Saves (replaces) the task, committed before the promise resolves (and on the disk, unless it is a running task's progress). */
  async save(task: Task, context: ServerCallContext): Promise<void> {
    const tenant = context.tenant ?? '';
    const owner = this.#owner(context);
    const state = task.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED;
    const row = [tenant, owner, task.id, task.contextId, state, updatedMs(task), JSON.stringify(Task.toJSON(task))];
    if (saveWaitsForDisk(this.#storedState.get(tenant, owner, task.id)?.state, state)) {
      this.#save.run(...row);
      return;
    }
    this.#syncNormal.run();
    try {
      this.#save.run(...row);
    } finally {
      this.#syncFull.run();
    }
  }

  /** The task, or `undefined` when the caller's scope holds none with that id. */
  async load(taskId: string, context: ServerCallContext): Promise<Task | undefined> {
    const row = this.#load.get(context.tenant ?? '', this.#owner(context), taskId) as Pick<Row, 'task'> | undefined;
    return row === undefined ? undefined : Task.fromJSON(JSON.parse(row.task));
  }

  /** The caller's tasks, newest status first, filtered and paged as `ListTasks` asks. */
  async list(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    const where = ['tenant = ?', 'owner = ?'];
    const values: (string | number)[] = [context.tenant ?? '', this.#owner(context)];
    if (params.contextId) {
      where.push('context_id = ?');
      values.push(params.contextId);
    }
    if (params.status !== undefined && params.status !== TaskState.TASK_STATE_UNSPECIFIED) {
      where.push('state = ?');
      values.push(params.status);
    }
    if (params.statusTimestampAfter) {
      where.push('updated_ms > ?');
      values.push(Date.parse(params.statusTimestampAfter));
    }
    const filter = where.join(' AND ');
    const { total } = this.#db.prepare(`SELECT count(*) AS total FROM a2a_tasks WHERE ${filter}`).get(...values) as { total: number };
    const pageSize = params.pageSize ?? DEFAULT_PAGE_SIZE;
    if (params.pageToken) {
      const [ms, id] = readPageToken(params.pageToken);
      where.push('(updated_ms < ? OR (updated_ms = ? AND id < ?))');
      values.push(ms, ms, id);
    }
    const rows = this.#db
      .prepare(`SELECT * FROM a2a_tasks WHERE ${where.join(' AND ')} ORDER BY updated_ms DESC, id DESC LIMIT ?`)
      .all(...values, pageSize + 1) as Row[];
    const page = rows.slice(0, pageSize);
    const tasks = page.map((row) => {
      const task = Task.fromJSON(JSON.parse(row.task));
      return params.includeArtifacts === true ? task : { ...task, artifacts: [] };
    });
    const last = page.at(-1);
    return { tasks, nextPageToken: rows.length > pageSize && last !== undefined ? pageToken(last) : '', pageSize, totalSize: total };
  }

  /**
   * Every task of every scope left `submitted` or `working`, oldest first: on a store just opened,
   * those a previous process was running when it died. Tasks waiting for input are not among them.
   */
  unfinished(): readonly UnfinishedA2aTask[] {
    const marks = RUNNING_STATES.map(() => '?').join(', ');
    const rows = this.#db
      .prepare(`SELECT tenant, owner, task FROM a2a_tasks WHERE state IN (${marks}) ORDER BY updated_ms, id`)
      .all(...RUNNING_STATES) as Row[];
    return rows.map((row) => ({ task: Task.fromJSON(JSON.parse(row.task)), tenant: row.tenant, owner: row.owner }));
  }

  /** Closes the file. */
  close(): void {
    this.#db.close();
  }
}
