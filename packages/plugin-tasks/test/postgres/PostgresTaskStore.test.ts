import { PostgresTaskStore } from '@cortex-os/plugin-tasks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The memory package's in-process PostgreSQL (PGlite over the wire protocol on 127.0.0.1), reused
// rather than copied: the contract then covers the PostgreSQL driver in-process, with no service.
import { type PgliteServer, startPgliteServer } from '../../../plugin-memory/test/postgres/startPgliteServer.js';
import { describeTaskStore } from '../store/taskStoreContract.js';

let server: PgliteServer;
let schemas = 0;
beforeAll(async () => {
  server = await startPgliteServer();
}, 60_000);
afterAll(() => server.stop());

// PGlite has one session, so each store keeps a pool of one.
describeTaskStore('PostgresTaskStore on PGlite', (options) =>
  PostgresTaskStore.open({ connectionString: server.url, schema: `tasks_${schemas++}`, poolSize: 1, ...options }),
);

describe('PostgresTaskStore on PGlite', () => {
  it('opens an existing schema again and keeps its tasks', async () => {
    const first = await PostgresTaskStore.open({ connectionString: server.url, schema: 'tasks_reopen', poolSize: 1 });
    const { id } = await first.create({ agent: 'a', input: { n: 1 }, principal: 'p' });
    await first.close();
    const again = await PostgresTaskStore.open({ connectionString: server.url, schema: 'tasks_reopen', poolSize: 1 });
    expect(await again.get(id)).toMatchObject({ input: { n: 1 }, state: 'submitted' });
    expect((await again.events(id)).map((e) => e.id)).toEqual([1]);
    await again.close();
  });

  it('refuses a schema named like one of its tables', async () => {
    await expect(PostgresTaskStore.open({ connectionString: server.url, schema: 'tasks', poolSize: 1 })).rejects.toMatchObject({
      code: 'TASK_STORE_UNAVAILABLE',
    });
  });

  it('reports a failure of the database as TASK_STORE_UNAVAILABLE, without its message', async () => {
    const store = await PostgresTaskStore.open({ connectionString: server.url, schema: 'tasks_broken', poolSize: 1 });
    await store.close();
    const error = await store.get('x').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TASK_STORE_UNAVAILABLE' });
    expect((error as Error).message).not.toMatch(/pool|ended|Cannot use/i);
  });
});
