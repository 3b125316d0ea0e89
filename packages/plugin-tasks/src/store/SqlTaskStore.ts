import { randomUUID } from 'node:crypto';
import { CortexError } from '@cortex-os/kernel';
import { TaskError } from '../errors/TaskError.js';
import type { TaskSqlDriver, TaskSqlTransaction } from './sql/TaskSqlDriver.js';
import { type EventRow, eventFromRow, type StepRow, stepFromRow, type TaskRow, taskFromRow } from './sql/taskRows.js';
import type { TaskEvent, TaskRecord, TaskState, TaskStep } from './TaskRecord.js';
import type { NewTask, TaskCallResolution, TaskEnd, TaskListFilter, TaskRanCall, TaskStore } from './TaskStore.js';

const finalStates: readonly TaskState[] = ['completed', 'failed', 'cancelled'];
const finished = `state IN ('completed', 'failed', 'cancelled')`;

/** One transaction's statements, plus the events it wrote (told to watchers once it commits). */
interface Tx extends TaskSqlTransaction {
  readonly events: TaskEvent[];
}

/**
 * The {@link TaskStore} over a {@link TaskSqlDriver}: the same statements and the same
 * guarantees on every driver (SQLite, PostgreSQL). Each operation is one transaction; a writing
 * operation locks the task's row first (`FOR UPDATE`, or SQLite's write lock), checks the
 * lease or the state, and appends the task's events in the same commit.
 * @public
 */
export class SqlTaskStore implements TaskStore {
  readonly #driver: TaskSqlDriver;
  readonly #leaseMs: number;
  readonly #now: () => number;
  readonly #watchers = new Set<(event: TaskEvent) => void>();

  /** A store on `driver`; `now` is the clock of leases and timestamps (injectable for tests). */
  constructor(driver: TaskSqlDriver, options: { readonly leaseMs?: number | undefined; readonly now?: (() => number) | undefined } = {}) {
    this.#driver = driver;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#now = options.now ?? Date.now;
  }

  get leaseMs(): number {
    return this.#leaseMs;
  }

  now(): number {
    return this.#now();
  }

  create(task: NewTask): Promise<TaskRecord> {
    return this.#tx('write', async (tx) => (await this.#insert(tx, task, undefined)).task);
  }

  createClaimed(task: NewTask, worker: string): Promise<{ readonly task: TaskRecord; readonly claimed: boolean }> {
    return this.#tx('write', async (tx) => {
      // First come, first served: with an older task claimable, the new one only queues behind it.
      const [older] = await tx.all<{ one: number }>(
        `SELECT 1 AS one FROM tasks WHERE state = 'submitted' OR (state = 'working' AND lease_until <= ?) LIMIT 1`,
        [this.#now()],
      );
      return this.#insert(tx, task, older === undefined ? worker : undefined);
    });
  }

  has(id: string): Promise<boolean> {
    return this.#tx('read', async (tx) => (await tx.all('SELECT 1 AS one FROM tasks WHERE id = ?', [id])).length > 0);
  }

  get(id: string): Promise<TaskRecord> {
    return this.#tx('read', (tx) => this.#get(tx, id));
  }

  list(filter: TaskListFilter = {}): Promise<readonly TaskRecord[]> {
    return this.#tx('read', async (tx) => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.state !== undefined) {
        where.push('state = ?');
        params.push(filter.state);
      }
      if (filter.principal !== undefined) {
        where.push('principal = ?');
        params.push(filter.principal);
      }
      if (filter.after !== undefined) {
        const after = await this.#get(tx, filter.after);
        where.push('(created_at > ? OR (created_at = ? AND id > ?))');
        params.push(after.createdAt, after.createdAt, after.id);
      }
      const limit = filter.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(filter.limit))}`;
      const sql = `SELECT * FROM tasks${where.length === 0 ? '' : ` WHERE ${where.join(' AND ')}`} ORDER BY created_at, id${limit}`;
      return (await tx.all<TaskRow>(sql, params)).map(taskFromRow);
    });
  }

  claim(worker: string): Promise<TaskRecord | undefined> {
    return this.#tx('write', async (tx) => {
      const now = this.#now();
      // SKIP LOCKED: a task another worker is claiming right now is passed over, not waited for.
      const [row] = await tx.all<{ id: string; state: string }>(
        `SELECT id, state FROM tasks WHERE state = 'submitted' OR (state = 'working' AND lease_until <= ?)
         ORDER BY created_at, id LIMIT 1 ${this.#driver.dialect.skipLocked}`,
        [now],
      );
      if (row === undefined) return undefined;
      await tx.run(`UPDATE tasks SET state = 'working', worker = ?, lease_until = ?, updated_at = ? WHERE id = ?`, [
        worker,
        now + this.#leaseMs,
        now,
        row.id,
      ]);
      // A task still `working` here is one whose worker let its lease run out: the event says it was taken over.
      await this.#event(tx, row.id, 'status', row.state === 'working' ? { state: 'working', reclaimed: true } : { state: 'working' });
      return this.#get(tx, row.id);
    });
  }

  renew(id: string, worker: string): Promise<void> {
    return this.#tx('write', async (tx) => {
      await this.#checkLease(tx, id, worker);
      const now = this.#now();
      await tx.run('UPDATE tasks SET lease_until = ?, updated_at = ? WHERE id = ?', [now + this.#leaseMs, now, id]);
    });
  }

  startStep(
    id: string,
    worker: string,
    step: { readonly kind: 'model' | 'tool' | 'approval'; readonly callId: string; readonly input: unknown },
  ): Promise<TaskStep> {
    return this.#tx('write', async (tx) => {
      await this.#checkLease(tx, id, worker);
      return this.#addStep(tx, id, {
        kind: step.kind,
        callId: step.callId,
        input: step.input ?? null,
        status: 'started',
        output: undefined,
      });
    });
  }

  finishStep(id: string, worker: string, seq: number, output: unknown): Promise<void> {
    return this.#tx('write', async (tx) => {
      await this.#checkLease(tx, id, worker);
      await this.#settleStep(tx, id, seq, 'done', output);
    });
  }

  recordStep(id: string, worker: string, step: TaskRanCall): Promise<TaskStep> {
    return this.#tx('write', async (tx) => {
      await this.#checkLease(tx, id, worker);
      return this.#addRan(tx, id, step);
    });
  }

  steps(id: string): Promise<readonly TaskStep[]> {
    return this.#tx('read', (tx) => this.#steps(tx, id));
  }

  events(id: string, afterId = 0, limit = 1000): Promise<readonly TaskEvent[]> {
    return this.#tx('read', async (tx) => {
      const rows = await tx.all<EventRow>(
        `SELECT * FROM task_events WHERE task_id = ? AND seq > ? ORDER BY seq LIMIT ${Math.floor(limit)}`,
        [id, afterId],
      );
      return rows.map(eventFromRow);
    });
  }

  watch(listener: (event: TaskEvent) => void): () => void {
    this.#watchers.add(listener);
    return () => this.#watchers.delete(listener);
  }

  finish(id: string, worker: string, end: TaskEnd, ran: readonly TaskRanCall[] = []): Promise<TaskRecord> {
    return this.#tx('write', async (tx) => {
      await this.#checkLease(tx, id, worker);
      for (const call of ran) await this.#addRan(tx, id, call);
      const output = end.state === 'completed' ? end.output : undefined;
      return this.#setState(tx, id, end.state, end.state === 'failed' ? end.reason : null, output);
    });
  }

  requireInput(id: string, worker: string, reason: string): Promise<TaskRecord> {
    return this.#release(id, worker, 'input-required', reason);
  }

  provideInput(id: string, answer: unknown): Promise<TaskRecord> {
    return this.#tx('write', (tx) => this.#provideInput(tx, id, answer));
  }

  resolveCall(id: string, callId: string, resolution: TaskCallResolution): Promise<TaskRecord> {
    return this.#tx('write', async (tx) => {
      const task = await this.#get(tx, id, true);
      const step = (await this.#steps(tx, id)).find((s) => s.callId === callId);
      // An approval is settled by a decision (`decide`), never by a re-run.
      if (task.state !== 'input-required' || step?.status !== 'started' || (step.kind === 'approval' && !('output' in resolution)))
        throw this.#conflict(task, `resolving call "${callId}"`, 'a call in doubt');
      if ('output' in resolution) await this.#settleStep(tx, id, step.seq, 'done', resolution.output);
      else await this.#settleStep(tx, id, step.seq, 'rerun', undefined);
      return this.#provideInput(tx, id, { callId, ...resolution });
    });
  }

  async decide(id: string, callId: string, approved: boolean): Promise<TaskRecord> {
    const step = (await this.steps(id)).find((s) => s.callId === callId);
    if (step?.kind !== 'approval' || step.status !== 'started')
      throw this.#conflict(await this.get(id), `deciding call "${callId}"`, 'a call waiting for approval');
    return this.resolveCall(id, callId, { output: { approved } });
  }

  release(id: string, worker: string): Promise<TaskRecord> {
    return this.#release(id, worker, 'submitted', null);
  }

  cancel(id: string, reason = 'cancelled'): Promise<TaskRecord> {
    return this.#tx('write', async (tx) => {
      const task = await this.#get(tx, id, true);
      if (finalStates.includes(task.state)) throw this.#conflict(task, 'cancel', 'submitted, working or input-required');
      return this.#setState(tx, id, 'cancelled', reason, undefined);
    });
  }

  countByState(): Promise<Partial<Record<TaskState, number>>> {
    return this.#tx('read', async (tx) => {
      const rows = await tx.all<{ state: TaskState; n: number | string }>('SELECT state, COUNT(*) AS n FROM tasks GROUP BY state', []);
      // PostgreSQL's COUNT is a bigint, which pg returns as text.
      return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
    });
  }

  prune(retention: { readonly olderThanMs?: number | undefined; readonly keepFinished?: number | undefined }): Promise<number> {
    return this.#tx('write', async (tx) => {
      let deleted = 0;
      if (retention.olderThanMs !== undefined)
        deleted += await tx.run(`DELETE FROM tasks WHERE ${finished} AND updated_at <= ?`, [this.#now() - retention.olderThanMs]);
      if (retention.keepFinished !== undefined)
        deleted += await tx.run(
          `DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE ${finished}
           ORDER BY updated_at DESC, id DESC ${this.#driver.dialect.limitAll} OFFSET ?)`,
          [retention.keepFinished],
        );
      return deleted;
    });
  }

  close(): Promise<void> {
    return this.#driver.close();
  }

  /** Runs one transaction; tells watchers its events once committed; a driver failure becomes `TASK_STORE_UNAVAILABLE` (no raw database message leaks). */
  async #tx<T>(mode: 'read' | 'write', fn: (tx: Tx) => Promise<T>): Promise<T> {
    const events: TaskEvent[] = [];
    let result: T;
    try {
      result = await this.#driver.transaction(mode, (inner) => fn({ all: inner.all, run: inner.run, events }));
    } catch (error) {
      if (CortexError.is(error)) throw error;
      throw new TaskError('TASK_STORE_UNAVAILABLE', 'The task store could not be read or written.', {
        cause: error,
        details: { reason: `the ${this.#driver.dialect.name} store failed` },
      });
    }
    for (const event of events) for (const watcher of this.#watchers) watcher(event);
    return result;
  }

  /** Inserts the task (nothing when its id is taken), `submitted`, or `working` under `worker`'s lease when one is given. */
  async #insert(tx: Tx, task: NewTask, worker: string | undefined): Promise<{ readonly task: TaskRecord; readonly claimed: boolean }> {
    const now = this.#now();
    const id = task.id ?? randomUUID();
    const inserted = await tx.run(
      `INSERT INTO tasks (id, agent, input, state, principal, worker, lease_until, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
      [
        id,
        task.agent,
        JSON.stringify(task.input ?? null),
        worker === undefined ? 'submitted' : 'working',
        task.principal,
        worker ?? null,
        worker === undefined ? null : now + this.#leaseMs,
        now,
        now,
      ],
    );
    if (inserted > 0) {
      // The same log as a queued task claimed later: submitted, then working.
      await this.#event(tx, id, 'status', { state: 'submitted' });
      if (worker !== undefined) await this.#event(tx, id, 'status', { state: 'working' });
    }
    return { task: await this.#get(tx, id), claimed: inserted > 0 && worker !== undefined };
  }

  async #get(tx: Tx, id: string, lock = false): Promise<TaskRecord> {
    const [row] = await tx.all<TaskRow>(`SELECT * FROM tasks WHERE id = ? ${lock ? this.#driver.dialect.forUpdate : ''}`, [id]);
    if (row === undefined) throw new TaskError('TASK_NOT_FOUND', `Unknown task "${id}".`, { details: { task: id } });
    return taskFromRow(row);
  }

  async #steps(tx: Tx, id: string): Promise<TaskStep[]> {
    return (await tx.all<StepRow>('SELECT * FROM task_steps WHERE task_id = ? ORDER BY seq', [id])).map(stepFromRow);
  }

  async #addStep(tx: Tx, id: string, step: Omit<TaskStep, 'seq' | 'startedAt' | 'endedAt'>, startedAt?: number): Promise<TaskStep> {
    const [last] = await tx.all<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM task_steps WHERE task_id = ?', [id]);
    const now = this.#now();
    const recorded: TaskStep = {
      ...step,
      seq: (last?.seq ?? 0) + 1,
      startedAt: startedAt ?? now,
      endedAt: step.status === 'started' ? undefined : now,
    };
    await tx.run(
      `INSERT INTO task_steps (task_id, seq, kind, call_id, input, status, output, started_at, ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        id,
        recorded.seq,
        recorded.kind,
        recorded.callId,
        JSON.stringify(recorded.input ?? null),
        recorded.status,
        recorded.output === undefined ? null : JSON.stringify(recorded.output),
        recorded.startedAt,
        recorded.endedAt ?? null,
      ],
    );
    await this.#event(tx, id, 'step', recorded);
    return recorded;
  }

  /** Records a call that already ran: its input and output in one step, `done`. */
  #addRan(tx: Tx, id: string, ran: TaskRanCall): Promise<TaskStep> {
    const { startedAt, ...call } = ran;
    return this.#addStep(tx, id, { ...call, input: call.input ?? null, output: call.output ?? null, status: 'done' }, startedAt);
  }

  async #settleStep(tx: Tx, id: string, seq: number, status: 'done' | 'rerun', output: unknown): Promise<void> {
    const text = status === 'done' ? JSON.stringify(output ?? null) : null;
    await tx.run(`UPDATE task_steps SET status = ?, output = ?, ended_at = ? WHERE task_id = ? AND seq = ?`, [
      status,
      text,
      this.#now(),
      id,
      seq,
    ]);
    const [row] = await tx.all<StepRow>('SELECT * FROM task_steps WHERE task_id = ? AND seq = ?', [id, seq]);
    if (row !== undefined) await this.#event(tx, id, 'step', stepFromRow(row));
  }

  async #provideInput(tx: Tx, id: string, answer: unknown): Promise<TaskRecord> {
    const task = await this.#get(tx, id, true);
    if (task.state !== 'input-required') throw this.#conflict(task, 'input', 'input-required');
    const [last] = await tx.all<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM task_steps WHERE task_id = ?', [id]);
    const callId = `input-${(last?.seq ?? 0) + 1}`;
    await this.#addStep(tx, id, { kind: 'input', callId, input: task.reason ?? null, status: 'done', output: answer ?? null });
    return this.#setState(tx, id, 'submitted', null, undefined);
  }

  /** Gives up the worker's lease without an output: the task waits for input or goes back to the queue. */
  #release(id: string, worker: string, state: TaskState, reason: string | null): Promise<TaskRecord> {
    return this.#tx('write', async (tx) => {
      await this.#checkLease(tx, id, worker);
      return this.#setState(tx, id, state, reason, undefined);
    });
  }

  /** Moves a task to `state`, dropping any lease, and logs the change. */
  async #setState(tx: Tx, id: string, state: TaskState, reason: string | null, output: unknown): Promise<TaskRecord> {
    await tx.run(`UPDATE tasks SET state = ?, worker = NULL, lease_until = NULL, reason = ?, output = ?, updated_at = ? WHERE id = ?`, [
      state,
      reason,
      output === undefined ? null : JSON.stringify(output),
      this.#now(),
      id,
    ]);
    await this.#event(tx, id, 'status', { state, reason: reason ?? undefined });
    return this.#get(tx, id);
  }

  async #event(tx: Tx, id: string, type: TaskEvent['type'], data: unknown): Promise<void> {
    // The task's row is locked for this transaction, so an event it wrote already is the task's last.
    const earlier = tx.events.findLast((event) => event.taskId === id)?.id;
    const last =
      earlier ?? (await tx.all<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM task_events WHERE task_id = ?', [id]))[0]?.seq;
    const event = { taskId: id, id: (last ?? 0) + 1, type, at: this.#now(), data } as TaskEvent;
    await tx.run('INSERT INTO task_events (task_id, seq, type, data, at) VALUES (?, ?, ?, ?, ?)', [
      id,
      event.id,
      type,
      JSON.stringify(data),
      event.at,
    ]);
    tx.events.push(event);
  }

  async #checkLease(tx: Tx, id: string, worker: string): Promise<void> {
    // Only the lease's columns: every checkpoint checks it, and the task's input and output need no parsing for that.
    const [task] = await tx.all<{ state: TaskState; worker: string | null; lease_until: number | string | null }>(
      `SELECT state, worker, lease_until FROM tasks WHERE id = ? ${this.#driver.dialect.forUpdate}`,
      [id],
    );
    if (task === undefined) throw new TaskError('TASK_NOT_FOUND', `Unknown task "${id}".`, { details: { task: id } });
    if (task.state !== 'working' || task.worker !== worker || Number(task.lease_until ?? 0) <= this.#now())
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
