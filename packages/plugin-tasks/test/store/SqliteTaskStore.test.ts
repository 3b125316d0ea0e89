import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore, TaskError } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'tasks-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function clock(start = 1_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof TaskError ? error.code : `not a TaskError: ${String(error)}`;
  }
  return undefined;
}

describe('SqliteTaskStore', () => {
  it('queues a task as submitted and lets one worker claim it', () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const task = store.create({ agent: 'writer', input: { goal: 'x' }, principal: 'alice' });
    expect(task).toMatchObject({ agent: 'writer', input: { goal: 'x' }, state: 'submitted', principal: 'alice' });
    const claimed = store.claim('w1');
    expect(claimed).toMatchObject({ id: task.id, state: 'working', worker: 'w1', leaseUntil: 1_100 });
    expect(store.claim('w2')).toBeUndefined();
    store.close();
  });

  it('records steps with explicit inputs and outputs, in order', () => {
    const store = SqliteTaskStore.open();
    const { id } = store.create({ agent: 'a', input: 'go', principal: 'p' });
    store.claim('w');
    const model = store.startStep(id, 'w', { kind: 'model', callId: 'm1', input: { messages: ['go'] } });
    store.finishStep(id, 'w', model.seq, { text: 'call tool' });
    const tool = store.startStep(id, 'w', { kind: 'tool', callId: 't1', input: { n: 1 } });
    expect(store.steps(id)).toEqual([
      { seq: 1, kind: 'model', callId: 'm1', input: { messages: ['go'] }, status: 'done', output: { text: 'call tool' } },
      { seq: 2, kind: 'tool', callId: 't1', input: { n: 1 }, status: 'started', output: undefined },
    ]);
    expect(tool.seq).toBe(2);
    expect(store.finish(id, 'w', { state: 'completed', output: 'done' })).toMatchObject({
      state: 'completed',
      output: 'done',
      worker: undefined,
    });
    store.close();
  });

  it('hands a task whose lease expired to another worker and refuses the first worker', () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const { id } = store.create({ agent: 'a', input: null, principal: 'p' });
    store.claim('dead');
    c.advance(99);
    expect(store.claim('alive')).toBeUndefined();
    c.advance(1);
    expect(store.claim('alive')).toMatchObject({ id, worker: 'alive' });
    expect(codeOf(() => store.startStep(id, 'dead', { kind: 'model', callId: 'm', input: 1 }))).toBe('TASK_LEASE_LOST');
    expect(codeOf(() => store.finish(id, 'dead', { state: 'failed', reason: 'x' }))).toBe('TASK_LEASE_LOST');
    store.close();
  });

  it('keeps a renewed lease', () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const { id } = store.create({ agent: 'a', input: null, principal: 'p' });
    store.claim('w');
    c.advance(80);
    store.renew(id, 'w');
    c.advance(80);
    expect(store.claim('other')).toBeUndefined();
    expect(store.get(id).leaseUntil).toBe(1_180);
    store.close();
  });

  it('parks a task for input and resumes it, with the answer recorded as a step', () => {
    const store = SqliteTaskStore.open();
    const { id } = store.create({ agent: 'a', input: null, principal: 'p' });
    store.claim('w');
    expect(store.requireInput(id, 'w', 'approve delete?')).toMatchObject({
      state: 'input-required',
      reason: 'approve delete?',
      worker: undefined,
    });
    expect(store.claim('w')).toBeUndefined();
    expect(store.provideInput(id, { approved: true }).state).toBe('submitted');
    expect(store.steps(id).at(-1)).toMatchObject({ kind: 'input', input: 'approve delete?', output: { approved: true }, status: 'done' });
    expect(store.claim('w2')).toMatchObject({ id, state: 'working' });
    expect(codeOf(() => store.provideInput(id, 'again'))).toBe('TASK_STATE_CONFLICT');
    store.close();
  });

  it('cancels an unfinished task, refuses to cancel a final one, and reports unknown ids', () => {
    const store = SqliteTaskStore.open();
    const { id } = store.create({ agent: 'a', input: null, principal: 'p' });
    store.claim('w');
    expect(store.cancel(id).state).toBe('cancelled');
    expect(codeOf(() => store.startStep(id, 'w', { kind: 'model', callId: 'm', input: 1 }))).toBe('TASK_LEASE_LOST');
    expect(codeOf(() => store.cancel(id))).toBe('TASK_STATE_CONFLICT');
    expect(codeOf(() => store.get('nope'))).toBe('TASK_NOT_FOUND');
    store.close();
  });

  it('filters the list by state and principal', () => {
    const store = SqliteTaskStore.open();
    store.create({ agent: 'a', input: 1, principal: 'alice', id: 't1' });
    store.create({ agent: 'a', input: 2, principal: 'bob', id: 't2' });
    store.claim('w');
    expect(store.list({ principal: 'bob' }).map((t) => t.id)).toEqual(['t2']);
    expect(store.list({ state: 'working' }).map((t) => t.id)).toEqual(['t1']);
    expect(store.list().length).toBe(2);
    store.close();
  });

  it('shares one file between two open stores (as two processes would)', () => {
    const file = join(root, 'shared.sqlite');
    const a = SqliteTaskStore.open({ file });
    const b = SqliteTaskStore.open({ file });
    const { id } = a.create({ agent: 'a', input: 'x', principal: 'p' });
    expect(b.claim('wb')).toMatchObject({ id, worker: 'wb' });
    expect(a.claim('wa')).toBeUndefined();
    a.close();
    b.close();
    const reopened = SqliteTaskStore.open({ file });
    expect(reopened.get(id).state).toBe('working');
    reopened.close();
  });

  it('reports an unusable file as TASK_STORE_UNAVAILABLE without the path', () => {
    let error: unknown;
    try {
      SqliteTaskStore.open({ file: join(root, 'missing-dir', 'x', 'tasks.sqlite') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TaskError);
    expect((error as TaskError).code).toBe('TASK_STORE_UNAVAILABLE');
    expect((error as TaskError).message).not.toContain(root);
  });

  it('prunes finished tasks by age and by count, never those running or waiting', () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const finish = (id: string) => {
      store.claim('w');
      store.finish(id, 'w', { state: 'completed', output: id });
    };
    const old = store.create({ id: 'old', agent: 'a', input: null, principal: 'p' });
    finish(old.id);
    c.advance(1_000);
    for (const id of ['t1', 't2', 't3']) {
      store.create({ id, agent: 'a', input: null, principal: 'p' });
      finish(id);
      c.advance(10);
    }
    store.create({ id: 'waiting', agent: 'a', input: null, principal: 'p' });
    store.claim('w');
    store.requireInput('waiting', 'w', 'why');
    store.create({ id: 'queued', agent: 'a', input: null, principal: 'p' });
    expect(store.prune({ olderThanMs: 500 })).toBe(1);
    expect(store.has('old')).toBe(false);
    expect(store.prune({ keepFinished: 1 })).toBe(2);
    expect(store.list().map((t) => t.id)).toEqual(['t3', 'queued', 'waiting']);
    expect(store.prune({ olderThanMs: 0, keepFinished: 0 })).toBe(1);
    expect(store.list().map((t) => t.id)).toEqual(['queued', 'waiting']);
    store.close();
  });

  it('pages through tasks with limit and after, and releases a claimed task to the queue', () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    for (const id of ['a', 'b', 'c']) store.create({ id, agent: 'x', input: null, principal: id === 'b' ? 'bob' : 'alice' });
    expect(store.list({ limit: 2 }).map((t) => t.id)).toEqual(['a', 'b']);
    expect(store.list({ limit: 2, after: 'b' }).map((t) => t.id)).toEqual(['c']);
    expect(store.list({ principal: 'alice', after: 'a' }).map((t) => t.id)).toEqual(['c']);
    expect(codeOf(() => store.list({ after: 'zzz' }))).toBe('TASK_NOT_FOUND');
    store.claim('w1');
    expect(codeOf(() => store.release('a', 'w2'))).toBe('TASK_LEASE_LOST');
    expect(store.release('a', 'w1')).toMatchObject({ state: 'submitted', worker: undefined });
    expect(store.claim('w2')?.id).toBe('a');
    store.close();
  });
});
