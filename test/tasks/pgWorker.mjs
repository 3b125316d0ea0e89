// A task worker process on a shared PostgreSQL store, for postgresTaskStore.test.ts.
// Args: url schema worker leaseMs hangAt logFile. Claims tasks until none is left unfinished;
// each task runs calls c1..c3 through its journal (c1, c2 idempotent; c3 not), and each call
// appends "worker taskId callId" to logFile, fsynced, each time it really runs. At the first call
// named hangAt it prints "inflight <taskId>" and never returns, so the parent can SIGKILL it.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { PostgresTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';

const [url, schema, worker, leaseMs, hangAt, logFile] = process.argv.slice(2);
const store = await PostgresTaskStore.open({ connectionString: url, schema, leaseMs: Number(leaseMs), poolSize: 2 });
const unfinished = new Set(['submitted', 'working', 'input-required']);

async function runTask(task) {
  console.log(`claimed ${task.id}`);
  const journal = await TaskJournal.open(store, task.id, worker);
  for (const [i, callId] of ['c1', 'c2', 'c3'].entries()) {
    const outcome = await journal.call({
      kind: 'tool',
      callId,
      input: { i },
      idempotent: callId !== 'c3',
      run: async (key) => {
        const fd = openSync(logFile, 'a');
        writeSync(fd, `${worker} ${task.id} ${key}\n`);
        fsyncSync(fd);
        closeSync(fd);
        if (key === hangAt) {
          console.log(`inflight ${task.id}`);
          await new Promise(() => {});
        }
        return i;
      },
    });
    if (outcome.status === 'in-doubt') return store.requireInput(task.id, worker, outcome.reason);
  }
  await store.finish(task.id, worker, { state: 'completed', output: worker });
  console.log(`completed ${task.id}`);
}

for (;;) {
  const task = await store.claim(worker);
  if (task !== undefined) {
    await runTask(task);
    continue;
  }
  if (!(await store.list()).some((t) => unfinished.has(t.state))) break;
  // A task another worker holds: look again shortly (its lease may run out).
  await delay(25);
}
console.log('idle');
await store.close();
