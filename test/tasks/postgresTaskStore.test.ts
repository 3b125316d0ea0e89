import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PostgresTaskStore, type TaskStore } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { describeTaskStore } from '../../packages/plugin-tasks/test/store/taskStoreContract.js';
import { builtFile } from '../support/builtFile.js';
import { dropTestSchemas, freshTaskSchema, postgresForTasks } from './postgresForTasks.js';

builtFile('packages/plugin-tasks/dist/index.js');

const { url, unavailable } = postgresForTasks;
afterAll(dropTestSchemas);

if (unavailable === undefined)
  describeTaskStore('PostgresTaskStore', (options) =>
    PostgresTaskStore.open({ connectionString: url, schema: freshTaskSchema(), poolSize: 6, ...options }),
  );

const root = mkdtempSync(join(tmpdir(), 'tasks-pg-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Starts pgWorker.mjs; `lines` fills as it prints, `exited` resolves when it exits. */
function startWorker(args: { schema: string; worker: string; leaseMs: number; hangAt: string; log: string }) {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, 'pgWorker.mjs'), url, args.schema, args.worker, String(args.leaseMs), args.hangAt, args.log],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const waiter of waiters.filter((w) => line.startsWith(w.prefix))) waiter.resolve(line);
  });
  const exited = new Promise<string[]>((resolve) => child.once('exit', () => resolve(lines)));
  const printed = (prefix: string) => new Promise<string>((resolve) => waiters.push({ prefix, resolve }));
  return { child, lines, exited, printed };
}

describe.skipIf(unavailable !== undefined)('PostgresTaskStore', () => {
  it('refuses a bad schema name and an unreachable server with TASK_STORE_UNAVAILABLE, leaking no URL', async () => {
    await expect(PostgresTaskStore.open({ connectionString: url, schema: 'Robert"; DROP' })).rejects.toMatchObject({
      code: 'TASK_STORE_UNAVAILABLE',
    });
    const closed = 'postgres://cortex_test@127.0.0.1:1/cortex_test';
    const error = await PostgresTaskStore.open({ connectionString: closed }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TASK_STORE_UNAVAILABLE' });
    expect((error as Error).message).not.toContain('127.0.0.1');
  });

  it('two worker processes share one store; one is SIGKILLed mid-call and the other finishes its task after the lease', async () => {
    const schema = freshTaskSchema();
    const log = join(root, 'two-workers.log');
    const store: TaskStore = await PostgresTaskStore.open({ connectionString: url, schema, poolSize: 2 });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push((await store.create({ agent: 'a', input: { i }, principal: 'p' })).id);
    const a = startWorker({ schema, worker: 'A', leaseMs: 1500, hangAt: 'c2', log });
    const held = (await a.printed('inflight ')).split(' ')[1] ?? '';
    // B starts while A is alive and holds a task; then A dies without releasing it.
    const b = startWorker({ schema, worker: 'B', leaseMs: 1500, hangAt: 'none', log });
    await b.printed('claimed ');
    a.child.kill('SIGKILL');
    await a.exited;
    const linesOfB = await b.exited;
    expect(linesOfB.at(-1)).toBe('idle');
    // B took A's task over (once its lease ran out) and finished it.
    expect(linesOfB).toContain(`completed ${held}`);
    const tasks = await Promise.all(ids.map((id) => store.get(id)));
    expect(tasks.map((t) => t.state)).toEqual(Array(6).fill('completed'));
    expect(tasks.find((t) => t.id === held)?.output).toBe('B');
    // Every call ran once, except the idempotent call in flight at the kill: twice, same key.
    const counts = new Map<string, number>();
    for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
      const [, id, call] = line.split(' ');
      counts.set(`${id} ${call}`, (counts.get(`${id} ${call}`) ?? 0) + 1);
    }
    for (const id of ids)
      for (const call of ['c1', 'c2', 'c3'])
        expect([id, call, counts.get(`${id} ${call}`)]).toEqual([id, call, id === held && call === 'c2' ? 2 : 1]);
    await store.close();
  }, 30_000);
});
