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
