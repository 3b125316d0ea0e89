import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore, TaskError } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { describeTaskStore } from './taskStoreContract.js';

const root = mkdtempSync(join(tmpdir(), 'tasks-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeTaskStore('SqliteTaskStore', async (options) => SqliteTaskStore.open(options));

describe('SqliteTaskStore', () => {
  it('shares one file between two open stores (as two processes would)', async () => {
    const file = join(root, 'shared.sqlite');
    const a = SqliteTaskStore.open({ file });
    const b = SqliteTaskStore.open({ file });
    const { id } = await a.create({ agent: 'a', input: 'x', principal: 'p' });
    expect(await b.claim('wb')).toMatchObject({ id, worker: 'wb' });
    expect(await a.claim('wa')).toBeUndefined();
    await a.close();
    await b.close();
    const reopened = SqliteTaskStore.open({ file });
    expect((await reopened.get(id)).state).toBe('working');
    expect((await reopened.events(id)).map((e) => e.id)).toEqual([1, 2]);
    await reopened.close();
  });

  it('commits concurrent operations together, a failing one undoing only its own writes', async () => {
    const store = SqliteTaskStore.open({ file: join(root, 'group.sqlite') });
    const { id } = await store.create({ id: 'held', agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    const results = await Promise.allSettled([
      store.create({ id: 'x', agent: 'a', input: null, principal: 'p' }),
      store.startStep(id, 'w', { kind: 'tool', callId: 't1', input: 1 }),
      store.startStep(id, 'intruder', { kind: 'tool', callId: 't2', input: 2 }),
      store.create({ id: 'y', agent: 'a', input: null, principal: 'p' }),
      store.finish('x', 'w', { state: 'completed', output: 1 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((await store.steps(id)).map((s) => s.callId)).toEqual(['t1']);
    expect((await store.events(id)).map((e) => e.type)).toEqual(['status', 'status', 'step']);
    expect((await store.list()).map((t) => [t.id, t.state])).toEqual([
      ['held', 'working'],
      ['x', 'submitted'],
      ['y', 'submitted'],
    ]);
    await store.close();
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
});
