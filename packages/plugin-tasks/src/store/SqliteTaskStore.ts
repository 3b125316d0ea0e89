import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { TaskError } from '../errors/TaskError.js';
import { sqliteTaskSchema } from './sqliteTaskSchema.js';
import type { TaskRecord, TaskState, TaskStep, TaskStepKind } from './TaskRecord.js';

/**
 * The options of {@link SqliteTaskStore.open}.
 * @public
 */
export interface SqliteTaskStoreOptions {
  /** The SQLite file; several processes on one host may share it (WAL mode). Omit for a private in-memory store. */
  readonly file?: string | undefined;
  /** How long a claim holds a task before another worker may take it over (default 30 000 ms). */
  readonly leaseMs?: number | undefined;
  /** The clock, injectable so tests can expire leases without waiting (default `Date.now`). */
  readonly now?: (() => number) | undefined;
}

/**
 * What {@link SqliteTaskStore.create} needs to queue a task.
 * @public
 */
export interface NewTask {
  readonly agent: string;
  readonly input: unknown;
  readonly principal: string;
  readonly id?: string | undefined;
}

/**
 * What {@link SqliteTaskStore.list} selects.
 * @public
 */
export interface TaskListFilter {
  readonly state?: TaskState | undefined;
  readonly principal?: string | undefined;
  /** At most this many tasks. */
  readonly limit?: number | undefined;
  /** The id of the last task of the previous page. */
  readonly after?: string | undefined;
}

interface TaskRow {
  id: string;
  agent: string;
  input: string;
  state: TaskState;
  principal: string;
  worker: string | null;
  lease_until: number | null;
  reason: string | null;
  output: string | null;
  created_at: number;
  updated_at: number;
}

interface StepRow {
  seq: number;
  kind: TaskStepKind;
  call_id: string;
  input: string;
  status: 'started' | 'done' | 'rerun';
  output: string | null;
}

const finalStates: readonly TaskState[] = ['completed', 'failed', 'cancelled'];

function toRecord(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    agent: row.agent,
    input: JSON.parse(row.input) as unknown,
    state: row.state,
    principal: row.principal,
    worker: row.worker ?? undefined,
    leaseUntil: row.lease_until ?? undefined,
    reason: row.reason ?? undefined,
    output: row.output === null ? undefined : (JSON.parse(row.output) as unknown),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toStep(row: StepRow): TaskStep {
  return {
    seq: row.seq,
    kind: row.kind,
    callId: row.call_id,
    input: JSON.parse(row.input) as unknown,
    status: row.status,
    output: row.output === null ? undefined : (JSON.parse(row.output) as unknown),
  };
}

/**
 * The durable task store: tasks and their step checkpoints in one SQLite file, written with
 * `synchronous=FULL` so every method that returns has committed what it reports. Workers claim
 * tasks under a lease; a task whose worker stopped renewing is claimable again once the lease
 * expires, so none stays `working` forever.
 * @public
 */
export class SqliteTaskStore {
  readonly #db: Database.Database;
  readonly #leaseMs: number;
  readonly #now: () => number;

  private constructor(db: Database.Database, leaseMs: number, now: () => number) {
    this.#db = db;
    this.#leaseMs = leaseMs;
    this.#now = now;
  }

  /**
   * Opens (creating if missing) the store.
   * @throws {@link TaskError} `TASK_STORE_UNAVAILABLE` when the file cannot be opened or written.
   */
  static open(options: SqliteTaskStoreOptions = {}): SqliteTaskStore {
    let db: Database.Database | undefined;
    try {
      db = new Database(options.file ?? ':memory:');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      // Several worker processes share the file: wait for a writer instead of failing at once.
      db.pragma('busy_timeout = 5000');
      db.exec(sqliteTaskSchema);
    } catch (cause) {
      db?.close();
      throw new TaskError('TASK_STORE_UNAVAILABLE', 'The task store could not be opened or written: the SQLite file is not usable.', {
        cause,
        details: { reason: 'the SQLite file is not usable' },
      });
    }
    return new SqliteTaskStore(db, options.leaseMs ?? 30_000, options.now ?? Date.now);
  }

  /** How long a claim or renewal holds a task (ms). */
  get leaseMs(): number {
    return this.#leaseMs;
  }

  /** Queues a new task in state `submitted` and returns it once committed. */
  create(task: NewTask): TaskRecord {
    const now = this.#now();
    const id = task.id ?? randomUUID();
    this.#db
      .prepare(
        `INSERT INTO tasks (id, agent, input, state, principal, created_at, updated_at)
         VALUES (?, ?, ?, 'submitted', ?, ?, ?)`,
      )
      .run(id, task.agent, JSON.stringify(task.input ?? null), task.principal, now, now);
    return this.get(id);
  }

  /** True when the store holds a task with that id. */
  has(id: string): boolean {
    return this.#db.prepare('SELECT 1 FROM tasks WHERE id = ?').get(id) !== undefined;
  }

  /**
   * Reads one task.
   * @throws {@link TaskError} `TASK_NOT_FOUND` for an unknown id.
   */
  get(id: string): TaskRecord {
    const row = this.#db.prepare('SELECT * FROM tasks WHERE id = ?').get(id) as TaskRow | undefined;
    if (row === undefined) throw new TaskError('TASK_NOT_FOUND', `Unknown task "${id}".`, { details: { task: id } });
    return toRecord(row);
  }

  /**
   * Lists tasks, oldest first, optionally of one state or one principal; `limit` and `after` (a
   * task id: the list goes on after it) page through them.
   */
  list(filter: TaskListFilter = {}): readonly TaskRecord[] {
    const after =
      filter.after === undefined
        ? undefined
        : (this.#db.prepare('SELECT created_at, id FROM tasks WHERE id = ?').get(filter.after) as
            | { created_at: number; id: string }
            | undefined);
    if (filter.after !== undefined && after === undefined)
      throw new TaskError('TASK_NOT_FOUND', `Unknown task "${filter.after}".`, { details: { task: filter.after } });
    const rows = this.#db
      .prepare(
        `SELECT * FROM tasks WHERE (@state IS NULL OR state = @state) AND (@principal IS NULL OR principal = @principal)
         AND (@afterAt IS NULL OR created_at > @afterAt OR (created_at = @afterAt AND id > @afterId))
         ORDER BY created_at, id LIMIT @limit`,
      )
      .all({
        state: filter.state ?? null,
        principal: filter.principal ?? null,
        afterAt: after?.created_at ?? null,
        afterId: after?.id ?? null,
        limit: filter.limit ?? -1,
      }) as TaskRow[];
    return rows.map(toRecord);
  }

  /**
   * Claims the oldest task that is `submitted`, or `working` under an expired lease (its worker
   * died), for `worker`; returns undefined when none is claimable. The claim and the check are
   * one immediate transaction, so two workers never claim the same task.
   */
  claim(worker: string): TaskRecord | undefined {
    return this.#db
      .transaction((): TaskRecord | undefined => {
        const now = this.#now();
        const row = this.#db
          .prepare(
            `SELECT id FROM tasks WHERE state = 'submitted' OR (state = 'working' AND lease_until <= ?)
             ORDER BY created_at, id LIMIT 1`,
          )
          .get(now) as { id: string } | undefined;
        if (row === undefined) return undefined;
        this.#db
          .prepare(`UPDATE tasks SET state = 'working', worker = ?, lease_until = ?, updated_at = ? WHERE id = ?`)
          .run(worker, now + this.#leaseMs, now, row.id);
        return this.get(row.id);
      })
      .immediate();
  }

  /**
   * Extends `worker`'s lease on a task.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds it.
   */
  renew(id: string, worker: string): void {
    this.#db
      .transaction(() => {
        this.#checkLease(id, worker);
        const now = this.#now();
        this.#db.prepare('UPDATE tasks SET lease_until = ?, updated_at = ? WHERE id = ?').run(now + this.#leaseMs, now, id);
      })
      .immediate();
  }

  /**
   * Records that a call starts (its input), before it runs. Returns the step.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  startStep(
    id: string,
    worker: string,
    step: { readonly kind: 'model' | 'tool' | 'approval'; readonly callId: string; readonly input: unknown },
  ): TaskStep {
    return this.#db
      .transaction((): TaskStep => {
        this.#checkLease(id, worker);
        const last = this.#db.prepare('SELECT MAX(seq) AS seq FROM task_steps WHERE task_id = ?').get(id) as { seq: number | null };
        const seq = (last.seq ?? 0) + 1;
        this.#db
          .prepare(`INSERT INTO task_steps (task_id, seq, kind, call_id, input, status) VALUES (?, ?, ?, ?, ?, 'started')`)
          .run(id, seq, step.kind, step.callId, JSON.stringify(step.input ?? null));
        return { seq, kind: step.kind, callId: step.callId, input: step.input ?? null, status: 'started', output: undefined };
      })
      .immediate();
  }

  /**
   * Records a started call's output; the call is acknowledged only once this returns.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  finishStep(id: string, worker: string, seq: number, output: unknown): void {
    this.#db
      .transaction(() => {
        this.#checkLease(id, worker);
        this.#db
          .prepare(`UPDATE task_steps SET status = 'done', output = ? WHERE task_id = ? AND seq = ?`)
          .run(JSON.stringify(output ?? null), id, seq);
      })
      .immediate();
  }

  /** The task's checkpoints in the order they were recorded. */
  steps(id: string): readonly TaskStep[] {
    const rows = this.#db.prepare('SELECT * FROM task_steps WHERE task_id = ? ORDER BY seq').all(id) as StepRow[];
    return rows.map(toStep);
  }

  /**
   * Ends a task held by `worker` as `completed` (with its output) or `failed` (with the reason).
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  finish(
    id: string,
    worker: string,
    end: { readonly state: 'completed'; readonly output: unknown } | { readonly state: 'failed'; readonly reason: string },
  ): TaskRecord {
    return this.#release(
      id,
      worker,
      end.state,
      end.state === 'failed' ? end.reason : null,
      end.state === 'completed' ? end.output : undefined,
    );
  }

  /**
   * Parks a task held by `worker` in `input-required` with the reason; it holds no lease there.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  requireInput(id: string, worker: string, reason: string): TaskRecord {
    return this.#release(id, worker, 'input-required', reason, undefined);
  }

  /**
   * Answers a task waiting in `input-required`: it returns to `submitted` for any worker to
   * resume, with the answer recorded as a step the run reads back.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` when the task waits for no input; `TASK_NOT_FOUND`.
   */
  provideInput(id: string, answer: unknown): TaskRecord {
    return this.#db
      .transaction((): TaskRecord => {
        const task = this.get(id);
        if (task.state !== 'input-required') throw this.#conflict(task, 'input', 'input-required');
        const now = this.#now();
        const last = this.#db.prepare('SELECT MAX(seq) AS seq FROM task_steps WHERE task_id = ?').get(id) as { seq: number | null };
        this.#db
          .prepare(`INSERT INTO task_steps (task_id, seq, kind, call_id, input, status, output) VALUES (?, ?, 'input', ?, ?, 'done', ?)`)
          .run(
            id,
            (last.seq ?? 0) + 1,
            `input-${(last.seq ?? 0) + 1}`,
            JSON.stringify(task.reason ?? null),
            JSON.stringify(answer ?? null),
          );
        this.#db.prepare(`UPDATE tasks SET state = 'submitted', reason = NULL, updated_at = ? WHERE id = ?`).run(now, id);
        return this.get(id);
      })
      .immediate();
  }

  /**
   * Settles a call left in doubt by a crash (started, never finished, not idempotent) on a task in
   * `input-required`: either a person supplies its `output` (it is then replayed, never run) or
   * allows it to `rerun`. The task returns to `submitted`; the decision is also recorded as an
   * `input` step.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` when the task waits for no input or the call is not in doubt; `TASK_NOT_FOUND`.
   */
  resolveCall(id: string, callId: string, resolution: { readonly output: unknown } | { readonly rerun: true }): TaskRecord {
    return this.#db
      .transaction((): TaskRecord => {
        const step = this.steps(id).find((s) => s.callId === callId);
        // An approval is settled by a decision (`decide`), never by a re-run.
        if (step?.status !== 'started' || (step.kind === 'approval' && !('output' in resolution)))
          throw this.#conflict(this.get(id), `resolving call "${callId}"`, 'a call in doubt');
        if ('output' in resolution)
          this.#db
            .prepare(`UPDATE task_steps SET status = 'done', output = ? WHERE task_id = ? AND seq = ?`)
            .run(JSON.stringify(resolution.output ?? null), id, step.seq);
        else this.#db.prepare(`UPDATE task_steps SET status = 'rerun' WHERE task_id = ? AND seq = ?`).run(id, step.seq);
        return this.provideInput(id, { callId, ...resolution });
      })
      .immediate();
  }

  /**
   * Decides a tool call waiting for approval (an `approval` step) on a task in `input-required`:
   * the decision is recorded and the task returns to `submitted`; the resumed run runs the call
   * when `approved`, and tells the model it was denied otherwise.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` when the task waits for no input or the call waits for no approval; `TASK_NOT_FOUND`.
   */
  decide(id: string, callId: string, approved: boolean): TaskRecord {
    const step = this.steps(id).find((s) => s.callId === callId);
    if (step?.kind !== 'approval' || step.status !== 'started')
      throw this.#conflict(this.get(id), `deciding call "${callId}"`, 'a call waiting for approval');
    return this.resolveCall(id, callId, { output: { approved } });
  }

  /**
   * Gives a task held by `worker` back to the queue (`submitted`) without waiting for its lease to
   * end: a worker that stops cleanly lets another take the task over at once.
   * @throws {@link TaskError} `TASK_LEASE_LOST` when the worker no longer holds the task.
   */
  release(id: string, worker: string): TaskRecord {
    return this.#release(id, worker, 'submitted', null, undefined);
  }

  /**
   * Cancels a task that is not final; a worker holding it loses its lease at its next write.
   * @throws {@link TaskError} `TASK_STATE_CONFLICT` for a final task; `TASK_NOT_FOUND`.
   */
  cancel(id: string, reason = 'cancelled'): TaskRecord {
    return this.#db
      .transaction((): TaskRecord => {
        const task = this.get(id);
        if (finalStates.includes(task.state)) throw this.#conflict(task, 'cancel', 'submitted, working or input-required');
        this.#db
          .prepare(`UPDATE tasks SET state = 'cancelled', worker = NULL, lease_until = NULL, reason = ?, updated_at = ? WHERE id = ?`)
          .run(reason, this.#now(), id);
        return this.get(id);
      })
      .immediate();
  }

  /**
   * Deletes finished tasks (`completed`, `failed`, `cancelled`) and their steps: those last
   * updated `olderThanMs` or more ago, and all but the newest `keepFinished`. Returns how many
   * were deleted. Tasks still running or waiting are never deleted.
   */
  prune(retention: { readonly olderThanMs?: number | undefined; readonly keepFinished?: number | undefined }): number {
    return this.#db
      .transaction((): number => {
        let deleted = 0;
        if (retention.olderThanMs !== undefined)
          deleted += this.#db
            .prepare(`DELETE FROM tasks WHERE state IN ('completed', 'failed', 'cancelled') AND updated_at <= ?`)
            .run(this.#now() - retention.olderThanMs).changes;
        if (retention.keepFinished !== undefined)
          deleted += this.#db
            .prepare(
              `DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE state IN ('completed', 'failed', 'cancelled')
               ORDER BY updated_at DESC, id DESC LIMIT -1 OFFSET ?)`,
            )
            .run(retention.keepFinished).changes;
        return deleted;
      })
      .immediate();
  }

  /** Closes the database; the store cannot be used afterwards. */
  close(): void {
    this.#db.close();
  }

  #release(id: string, worker: string, state: TaskState, reason: string | null, output: unknown): TaskRecord {
    return this.#db
      .transaction((): TaskRecord => {
        this.#checkLease(id, worker);
        this.#db
          .prepare(`UPDATE tasks SET state = ?, worker = NULL, lease_until = NULL, reason = ?, output = ?, updated_at = ? WHERE id = ?`)
          .run(state, reason, output === undefined ? null : JSON.stringify(output), this.#now(), id);
        return this.get(id);
      })
      .immediate();
  }

  #checkLease(id: string, worker: string): void {
    const task = this.get(id);
    if (task.state !== 'working' || task.worker !== worker || (task.leaseUntil ?? 0) <= this.#now())
      throw new TaskError('TASK_LEASE_LOST', `Worker "${worker}" no longer holds the lease on task "${id}".`, {
        details: { task: id, worker },
      });
  }

  #conflict(task: TaskRecord, action: string, expected: string): TaskError {
    return new TaskError('TASK_STATE_CONFLICT', `Task "${task.id}" is ${task.state}; ${action} needs it to be ${expected}.`, {
      details: { task: task.id, state: task.state, action, expected },
    });
  }
}
