import { type TaskStore, TaskError } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';

/** A clock the test moves by hand: leases expire without waiting. */
export function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/** The code of the TaskError `promise` rejects with (or a note that it did not). */
export async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return error instanceof TaskError ? error.code : `not a TaskError: ${String(error)}`;
  }
  return undefined;
}

/** Opens an empty store of the driver under test. */
export type OpenTaskStore = (options?: { readonly now?: () => number; readonly leaseMs?: number }) => Promise<TaskStore>;

/** The behaviour every task store shares, run on SQLite and on PostgreSQL alike. */
export function describeTaskStore(name: string, open: OpenTaskStore): void {
  describe(`${name}: the task store contract`, () => {
    describeLeasesAndSteps(open);
    describeInputAndCancel(open);
    describeListAndPrune(open);
    describeOneCommitPaths(open);
  });
}

/** The writes that fold two commits into one: a submit that claims, an end that records the last call. */
function describeOneCommitPaths(open: OpenTaskStore): void {
  it('creates a task already claimed when no older one is claimable, with the log of a submit and a claim', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    const seen: string[] = [];
    store.watch((event) => seen.push(event.type === 'status' ? event.data.state : event.type));
    const { task, claimed } = await store.createClaimed({ agent: 'a', input: { goal: 'x' }, principal: 'p' }, 'w1');
    expect(claimed).toBe(true);
    expect(task).toMatchObject({ input: { goal: 'x' }, state: 'working', worker: 'w1', leaseUntil: 1_100 });
    expect(seen).toEqual(['submitted', 'working']);
    expect((await store.events(task.id)).map((e) => (e.type === 'status' ? e.data : e.type))).toEqual([
      { state: 'submitted' },
      { state: 'working' },
    ]);
    expect(await store.claim('w2')).toBeUndefined();
    // The same id again: the stored task, not claimed a second time.
    expect(await store.createClaimed({ id: task.id, agent: 'b', input: null, principal: 'p' }, 'w2')).toEqual({ task, claimed: false });
    // Its worker dies: the lease runs out and another worker takes it over, as after any claim.
    c.advance(100);
    expect(await store.claim('w2')).toMatchObject({ id: task.id, worker: 'w2' });
    expect(await codeOf(store.finish(task.id, 'w1', { state: 'completed', output: 1 }))).toBe('TASK_LEASE_LOST');
    expect((await store.events(task.id)).at(-1)).toMatchObject({ data: { state: 'working', reclaimed: true } });
  });

  it('only queues a created task behind an older claimable one (first come, first served)', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    const older = await store.create({ agent: 'a', input: 1, principal: 'p' });
    c.advance(1);
    const queued = await store.createClaimed({ agent: 'a', input: 2, principal: 'p' }, 'w1');
    expect(queued).toMatchObject({ claimed: false, task: { state: 'submitted', worker: undefined } });
    expect(await store.claim('w1')).toMatchObject({ id: older.id });
    // An older task whose lease ran out is claimable too.
    c.advance(101);
    expect(await store.createClaimed({ agent: 'a', input: 3, principal: 'p' }, 'w2')).toMatchObject({ claimed: false });
    expect((await store.claim('w2'))?.id).toBe(older.id);
  });

  it('ends a task with the calls that ran recorded in the same commit, before its end', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now }));
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    const seen: string[] = [];
    store.watch((event) => seen.push(event.type === 'status' ? event.data.state : `step ${event.data.callId}`));
    c.advance(5);
    const ran = { kind: 'model' as const, callId: 'model:0', input: { q: 1 }, output: { text: 'done' }, startedAt: 1_001 };
    expect(await store.finish(id, 'w', { state: 'completed', output: 'done' }, [ran])).toMatchObject({ state: 'completed' });
    expect(seen).toEqual(['step model:0', 'completed']);
    expect(await store.steps(id)).toEqual([
      {
        seq: 1,
        kind: 'model',
        callId: 'model:0',
        input: { q: 1 },
        status: 'done',
        output: { text: 'done' },
        startedAt: 1_001,
        endedAt: 1_005,
      },
    ]);
    // A worker that lost the lease records nothing, the calls included.
    const other = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    await store.cancel(other.id);
    expect(await codeOf(store.finish(other.id, 'w', { state: 'failed', reason: 'x' }, [ran]))).toBe('TASK_LEASE_LOST');
    expect(await store.steps(other.id)).toEqual([]);
  });
}

function describeLeasesAndSteps(open: OpenTaskStore): void {
  it('queues a task as submitted and lets one worker claim it', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    const task = await store.create({ agent: 'writer', input: { goal: 'x' }, principal: 'alice' });
    expect(task).toMatchObject({
      agent: 'writer',
      input: { goal: 'x' },
      state: 'submitted',
      principal: 'alice',
      createdAt: 1_000,
      updatedAt: 1_000,
    });
    expect(await store.claim('w1')).toMatchObject({ id: task.id, state: 'working', worker: 'w1', leaseUntil: 1_100 });
    expect(await store.claim('w2')).toBeUndefined();
    expect((await store.create({ id: task.id, agent: 'other', input: null, principal: 'bob' })).agent).toBe('writer');
  });

  it('records steps with explicit inputs, outputs and times, in order', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now }));
    const { id } = await store.create({ agent: 'a', input: 'go', principal: 'p' });
    await store.claim('w');
    const model = await store.startStep(id, 'w', { kind: 'model', callId: 'm1', input: { messages: ['go'] } });
    c.advance(5);
    await store.finishStep(id, 'w', model.seq, { text: 'call tool' });
    const tool = await store.startStep(id, 'w', { kind: 'tool', callId: 't1', input: { n: 1 } });
    expect(await store.steps(id)).toEqual([
      {
        seq: 1,
        kind: 'model',
        callId: 'm1',
        input: { messages: ['go'] },
        status: 'done',
        output: { text: 'call tool' },
        startedAt: 1_000,
        endedAt: 1_005,
      },
      { seq: 2, kind: 'tool', callId: 't1', input: { n: 1 }, status: 'started', output: undefined, startedAt: 1_005, endedAt: undefined },
    ]);
    expect(tool.seq).toBe(2);
    // A call safe to re-run is recorded once it ran, input and output in one commit.
    c.advance(2);
    expect(await store.recordStep(id, 'w', { kind: 'model', callId: 'm2', input: 'q', output: 'a', startedAt: 1_006 })).toEqual({
      seq: 3,
      kind: 'model',
      callId: 'm2',
      input: 'q',
      status: 'done',
      output: 'a',
      startedAt: 1_006,
      endedAt: 1_007,
    });
    expect((await store.steps(id)).at(-1)).toMatchObject({ seq: 3, status: 'done', startedAt: 1_006, endedAt: 1_007 });
    expect(await codeOf(store.recordStep(id, 'other', { kind: 'tool', callId: 't9', input: 1, output: 2, startedAt: 0 }))).toBe(
      'TASK_LEASE_LOST',
    );
    expect(store.now()).toBe(1_007);
    expect(await store.finish(id, 'w', { state: 'completed', output: 'done' })).toMatchObject({
      state: 'completed',
      output: 'done',
      worker: undefined,
      updatedAt: 1_007,
    });
  });

  it('logs every status change and step as numbered events, readable after any id', async () => {
    await using store = disposable(await open());
    const seen: string[] = [];
    const unwatch = store.watch((event) => seen.push(`${event.id}:${event.type}`));
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    const step = await store.startStep(id, 'w', { kind: 'tool', callId: 't1', input: 1 });
    await store.finishStep(id, 'w', step.seq, 2);
    await store.requireInput(id, 'w', 'ok?');
    await store.provideInput(id, 'yes');
    unwatch();
    await store.cancel(id, 'enough');
    const events = await store.events(id);
    expect(events.map((e) => [e.id, e.type, e.type === 'status' ? e.data.state : e.data.status])).toEqual([
      [1, 'status', 'submitted'],
      [2, 'status', 'working'],
      [3, 'step', 'started'],
      [4, 'step', 'done'],
      [5, 'status', 'input-required'],
      [6, 'step', 'done'],
      [7, 'status', 'submitted'],
      [8, 'status', 'cancelled'],
    ]);
    expect(seen).toEqual(['1:status', '2:status', '3:step', '4:step', '5:status', '6:step', '7:status']);
    expect((await store.events(id, 6)).map((e) => e.id)).toEqual([7, 8]);
    expect((await store.events(id, 2, 2)).map((e) => e.id)).toEqual([3, 4]);
    expect(events[7]).toMatchObject({ taskId: id, data: { state: 'cancelled', reason: 'enough' } });
  });

  it('hands a task whose lease expired to another worker and refuses the first worker', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('dead');
    c.advance(99);
    expect(await store.claim('alive')).toBeUndefined();
    c.advance(1);
    expect(await store.claim('alive')).toMatchObject({ id, worker: 'alive' });
    // The event log says which claim was a take-over (metrics count lease expiries from it).
    const claims = (await store.events(id)).filter((event) => event.type === 'status' && event.data.state === 'working');
    expect(claims.map((event) => (event.type === 'status' ? event.data.reclaimed : undefined))).toEqual([undefined, true]);
    expect(await codeOf(store.startStep(id, 'dead', { kind: 'model', callId: 'm', input: 1 }))).toBe('TASK_LEASE_LOST');
    expect(await codeOf(store.finish(id, 'dead', { state: 'failed', reason: 'x' }))).toBe('TASK_LEASE_LOST');
  });
}

function describeInputAndCancel(open: OpenTaskStore): void {
  it('keeps a renewed lease', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    c.advance(80);
    await store.renew(id, 'w');
    c.advance(80);
    expect(await store.claim('other')).toBeUndefined();
    expect((await store.get(id)).leaseUntil).toBe(1_180);
  });

  it('never gives one task to two workers claiming at once', async () => {
    await using store = disposable(await open());
    for (const id of ['t1', 't2', 't3']) await store.create({ id, agent: 'a', input: null, principal: 'p' });
    const claims = await Promise.all(['w1', 'w2', 'w3', 'w4', 'w5'].map((w) => store.claim(w)));
    const ids = claims.flatMap((task) => (task === undefined ? [] : [task.id]));
    expect(ids.sort()).toEqual(['t1', 't2', 't3']);
  });

  it('parks a task for input and resumes it, with the answer recorded as a step', async () => {
    await using store = disposable(await open());
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    expect(await store.requireInput(id, 'w', 'approve delete?')).toMatchObject({
      state: 'input-required',
      reason: 'approve delete?',
      worker: undefined,
    });
    expect(await store.claim('w')).toBeUndefined();
    expect((await store.provideInput(id, { approved: true })).state).toBe('submitted');
    expect((await store.steps(id)).at(-1)).toMatchObject({
      kind: 'input',
      input: 'approve delete?',
      output: { approved: true },
      status: 'done',
    });
    expect(await store.claim('w2')).toMatchObject({ id, state: 'working' });
    expect(await codeOf(store.provideInput(id, 'again'))).toBe('TASK_STATE_CONFLICT');
  });

  it('settles calls in doubt and approvals only as they allow', async () => {
    await using store = disposable(await open());
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    await store.startStep(id, 'w', { kind: 'tool', callId: 'send', input: 1 });
    await store.startStep(id, 'w', { kind: 'approval', callId: 'ask', input: 2 });
    await store.requireInput(id, 'w', 'in doubt');
    expect(await codeOf(store.resolveCall(id, 'ask', { rerun: true }))).toBe('TASK_STATE_CONFLICT');
    expect(await codeOf(store.decide(id, 'send', true))).toBe('TASK_STATE_CONFLICT');
    expect((await store.resolveCall(id, 'send', { rerun: true })).state).toBe('submitted');
    expect((await store.steps(id)).find((s) => s.callId === 'send')?.status).toBe('rerun');
    await store.claim('w');
    await store.requireInput(id, 'w', 'approve?');
    expect((await store.decide(id, 'ask', false)).state).toBe('submitted');
    expect((await store.steps(id)).find((s) => s.callId === 'ask')).toMatchObject({ status: 'done', output: { approved: false } });
    expect(await codeOf(store.resolveCall(id, 'nope', { output: 1 }))).toBe('TASK_STATE_CONFLICT');
  });
}

function describeListAndPrune(open: OpenTaskStore): void {
  it('counts tasks by state', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now }));
    expect(await store.countByState()).toEqual({});
    for (const agent of ['a', 'b', 'c']) await store.create({ agent, input: null, principal: 'p' });
    const claimed = await store.claim('w');
    await store.finish(claimed?.id ?? '', 'w', { state: 'completed', output: 'ok' });
    await store.claim('w');
    expect(await store.countByState()).toEqual({ submitted: 1, working: 1, completed: 1 });
  });

  it('cancels an unfinished task, refuses to cancel a final one, and reports unknown ids', async () => {
    await using store = disposable(await open());
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    expect((await store.cancel(id)).state).toBe('cancelled');
    expect(await codeOf(store.startStep(id, 'w', { kind: 'model', callId: 'm', input: 1 }))).toBe('TASK_LEASE_LOST');
    expect(await codeOf(store.cancel(id))).toBe('TASK_STATE_CONFLICT');
    expect(await codeOf(store.get('nope'))).toBe('TASK_NOT_FOUND');
    expect(await store.has('nope')).toBe(false);
  });

  it('filters the list by state and principal', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now }));
    await store.create({ agent: 'a', input: 1, principal: 'alice', id: 't1' });
    await store.create({ agent: 'a', input: 2, principal: 'bob', id: 't2' });
    await store.claim('w');
    expect((await store.list({ principal: 'bob' })).map((t) => t.id)).toEqual(['t2']);
    expect((await store.list({ state: 'working' })).map((t) => t.id)).toEqual(['t1']);
    expect((await store.list()).length).toBe(2);
  });

  it('prunes finished tasks by age and by count, never those running or waiting', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    const finish = async (id: string) => {
      await store.claim('w');
      await store.finish(id, 'w', { state: 'completed', output: id });
    };
    await finish((await store.create({ id: 'old', agent: 'a', input: null, principal: 'p' })).id);
    c.advance(1_000);
    for (const id of ['t1', 't2', 't3']) {
      await store.create({ id, agent: 'a', input: null, principal: 'p' });
      await finish(id);
      c.advance(10);
    }
    await store.create({ id: 'waiting', agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    await store.requireInput('waiting', 'w', 'why');
    await store.create({ id: 'queued', agent: 'a', input: null, principal: 'p' });
    expect(await store.prune({ olderThanMs: 500 })).toBe(1);
    expect(await store.has('old')).toBe(false);
    expect(await store.prune({ keepFinished: 1 })).toBe(2);
    expect((await store.list()).map((t) => t.id)).toEqual(['t3', 'queued', 'waiting']);
    expect(await store.prune({ olderThanMs: 0, keepFinished: 0 })).toBe(1);
    expect((await store.list()).map((t) => t.id)).toEqual(['queued', 'waiting']);
    expect(await store.events('t3')).toEqual([]);
  });

  it('pages through tasks with limit and after, and releases a claimed task to the queue', async () => {
    const c = clock();
    await using store = disposable(await open({ now: c.now, leaseMs: 100 }));
    for (const id of ['a', 'b', 'c']) await store.create({ id, agent: 'x', input: null, principal: id === 'b' ? 'bob' : 'alice' });
    expect((await store.list({ limit: 2 })).map((t) => t.id)).toEqual(['a', 'b']);
    expect((await store.list({ limit: 2, after: 'b' })).map((t) => t.id)).toEqual(['c']);
    expect((await store.list({ principal: 'alice', after: 'a' })).map((t) => t.id)).toEqual(['c']);
    expect(await codeOf(store.list({ after: 'zzz' }))).toBe('TASK_NOT_FOUND');
    await store.claim('w1');
    expect(await codeOf(store.release('a', 'w2'))).toBe('TASK_LEASE_LOST');
    expect(await store.release('a', 'w1')).toMatchObject({ state: 'submitted', worker: undefined });
    expect((await store.claim('w2'))?.id).toBe('a');
  });
}

/** The store, closed when the `await using` block ends. */
export function disposable(store: TaskStore): TaskStore & AsyncDisposable {
  return Object.assign(store, { [Symbol.asyncDispose]: () => store.close() });
}
