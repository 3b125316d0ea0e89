import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Task, TaskState } from '@a2a-js/sdk';
import { ServerCallContext, type User } from '@a2a-js/sdk/server';
import { expectCortexError } from '@cortex-os/kernel/testing';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SqliteA2aTaskStore } from '../../src/store/SqliteA2aTaskStore.js';
import { userMessage } from '../support/userMessage.js';

const user = (name: string): User => ({ isAuthenticated: true, userName: name });
const anonymous = new ServerCallContext();

function task(id: string, state: TaskState, at: number, contextId = 'ctx-1'): Task {
  return {
    id,
    contextId,
    status: { state, message: undefined, timestamp: new Date(at).toISOString() },
    artifacts: [
      {
        artifactId: `${id}-a`,
        name: 'answer',
        description: '',
        parts: [{ content: { $case: 'text', value: 'hi' }, mediaType: 'text/plain', filename: '', metadata: undefined }],
        metadata: undefined,
        extensions: [],
      },
    ],
    history: [userMessage(`${id}-m`, id, contextId)],
    metadata: undefined,
  };
}

const list = { tenant: '', contextId: '', status: TaskState.TASK_STATE_UNSPECIFIED, pageToken: '', statusTimestampAfter: undefined };

let dir: string | undefined;
afterEach(() => {
  vi.restoreAllMocks();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('SqliteA2aTaskStore', () => {
  it('keeps a saved task in the file: another store opened on it loads it unchanged', async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2a-store-'));
    const file = join(dir, 'a2a.sqlite');
    const first = SqliteA2aTaskStore.open({ file });
    const saved = task('t-1', TaskState.TASK_STATE_WORKING, 1_000);
    await first.save(saved, anonymous);
    first.close();
    const second = SqliteA2aTaskStore.open({ file });
    expect(await second.load('t-1', anonymous)).toEqual(saved);
    expect(second.unfinished().map((u) => [u.task.id, u.owner, u.tenant])).toEqual([['t-1', 'unknown', '']]);
    second.close();
  });

  it("syncs every save but a running task's progress, which another connection sees committed", async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2a-store-'));
    const file = join(dir, 'a2a.sqlite');
    const store = SqliteA2aTaskStore.open({ file });
    const reader = SqliteA2aTaskStore.open({ file });
    // Every statement a store runs, by its SQL (better-sqlite3's statements share one prototype).
    const statement = Object.getPrototypeOf(new Database(':memory:').prepare('SELECT 1')) as Database.Statement;
    const runs = vi.spyOn(statement, 'run');
    const states = [
      TaskState.TASK_STATE_SUBMITTED,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_WORKING,
      TaskState.TASK_STATE_COMPLETED,
    ];
    for (const [i, state] of states.entries()) {
      await store.save(task('t-1', state, 1_000 + i), anonymous);
      expect((await reader.load('t-1', anonymous))?.status?.state).toBe(state);
    }
    // The two working saves ran with synchronous NORMAL, each restored to FULL before the next save.
    const pragmas = runs.mock.contexts.map((run) => (run as Database.Statement).source).filter((sql) => sql.startsWith('PRAGMA'));
    expect(pragmas).toEqual([
      'PRAGMA synchronous = NORMAL',
      'PRAGMA synchronous = FULL',
      'PRAGMA synchronous = NORMAL',
      'PRAGMA synchronous = FULL',
    ]);
    reader.close();
    store.close();
  });

  it('replaces a task on save and scopes tasks by owner and tenant', async () => {
    const store = SqliteA2aTaskStore.open();
    const ada = new ServerCallContext({ user: user('ada') });
    const adaElsewhere = new ServerCallContext({ user: user('ada'), tenant: 'other' });
    await store.save(task('t-1', TaskState.TASK_STATE_WORKING, 1_000), ada);
    await store.save(task('t-1', TaskState.TASK_STATE_COMPLETED, 2_000), ada);
    expect((await store.load('t-1', ada))?.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(await store.load('t-1', anonymous)).toBeUndefined();
    expect(await store.load('t-1', adaElsewhere)).toBeUndefined();
    expect(await store.load('t-1', new ServerCallContext({ user: user('bob') }))).toBeUndefined();
    expect(store.unfinished()).toEqual([]);
    store.close();
  });

  it('lists newest first, filters by context, state and time, and drops artifacts unless asked', async () => {
    const store = SqliteA2aTaskStore.open();
    await store.save(task('a', TaskState.TASK_STATE_COMPLETED, 1_000, 'c-1'), anonymous);
    await store.save(task('b', TaskState.TASK_STATE_WORKING, 2_000, 'c-1'), anonymous);
    await store.save(task('c', TaskState.TASK_STATE_COMPLETED, 3_000, 'c-2'), anonymous);
    await store.save(task('d', TaskState.TASK_STATE_INPUT_REQUIRED, 500, 'c-2'), anonymous);
    const all = await store.list(list, anonymous);
    expect(all.tasks.map((t) => t.id)).toEqual(['c', 'b', 'a', 'd']);
    expect(all.totalSize).toBe(4);
    expect(all.tasks[0]?.artifacts).toEqual([]);
    expect((await store.list({ ...list, includeArtifacts: true }, anonymous)).tasks[0]?.artifacts).toHaveLength(1);
    expect((await store.list({ ...list, contextId: 'c-1' }, anonymous)).tasks.map((t) => t.id)).toEqual(['b', 'a']);
    expect((await store.list({ ...list, status: TaskState.TASK_STATE_COMPLETED }, anonymous)).tasks.map((t) => t.id)).toEqual(['c', 'a']);
    const after = await store.list({ ...list, statusTimestampAfter: new Date(1_500).toISOString() }, anonymous);
    expect(after.tasks.map((t) => t.id)).toEqual(['c', 'b']);
    expect(store.unfinished().map((u) => u.task.id)).toEqual(['b']);
    store.close();
  });

  it('pages through every task exactly once, in list order, for any page size (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.record({ id: fc.stringMatching(/^[a-z0-9-]{1,8}$/), at: fc.integer({ min: 0, max: 5 }) }), {
          selector: (t) => t.id,
          maxLength: 25,
        }),
        fc.integer({ min: 1, max: 7 }),
        async (tasks, pageSize) => {
          const store = SqliteA2aTaskStore.open();
          for (const t of tasks) await store.save(task(t.id, TaskState.TASK_STATE_COMPLETED, t.at * 1_000), anonymous);
          const seen: string[] = [];
          let pageToken = '';
          do {
            const page = await store.list({ ...list, pageSize, pageToken }, anonymous);
            expect(page.tasks.length).toBeLessThanOrEqual(pageSize);
            expect(page.totalSize).toBe(tasks.length);
            seen.push(...page.tasks.map((t) => t.id));
            pageToken = page.nextPageToken;
          } while (pageToken !== '');
          const expected = [...tasks].sort((x, y) => y.at - x.at || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0)).map((t) => t.id);
          expect(seen).toEqual(expected);
          store.close();
        },
      ),
      { seed: 2129, numRuns: 60 },
    );
  });

  it('refuses a page token it did not make with the SDK protocol error (-32602 class)', async () => {
    const store = SqliteA2aTaskStore.open();
    await expect(store.list({ ...list, pageToken: 'not-a-token' }, anonymous)).rejects.toThrow('Invalid page token.');
    store.close();
  });

  it('fails to open a file it cannot create with A2A_STORE_UNAVAILABLE, naming no path', async () => {
    dir = mkdtempSync(join(tmpdir(), 'a2a-store-'));
    const error = await expectCortexError(
      () => SqliteA2aTaskStore.open({ file: join(dir ?? '', 'missing', 'a2a.sqlite') }),
      'A2A_STORE_UNAVAILABLE',
    );
    expect(error.message).not.toContain(dir);
  });
});
