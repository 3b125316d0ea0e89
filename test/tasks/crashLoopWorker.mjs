// One life of a task worker in the seeded crash loop (crashLoop.test.ts). Args: storeSpec logFile
// worker clockOffsetMs killAt killWhere. storeSpec is `sqlite:<file>` or `postgres:<schema>:<url>`.
// Claims tasks until none is claimable; each task runs tool calls c1..c4 through its journal (c2
// and c4 idempotent, c1 and c3 not), each invocation appending "taskId callId" to logFile, fsynced.
// At the killAt-th invocation of this life it prints "kill <taskId> <callId>" and hangs, so the parent SIGKILLs it:
// `mid-call` (the call ran, its result is not recorded) or `after-commit` (its result is recorded).
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { PostgresTaskStore, SqliteTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';

const [spec = '', logFile = '', worker = '', offset = '0', killAt = '0', killWhere = 'mid-call'] = process.argv.slice(2);
const now = () => Date.now() + Number(offset);
const [kind, ...rest] = spec.split(':');
const store =
  kind === 'sqlite'
    ? SqliteTaskStore.open({ file: rest.join(':'), leaseMs: 60_000, now })
    : await PostgresTaskStore.open({ schema: rest[0], connectionString: rest.slice(1).join(':'), leaseMs: 60_000, now, poolSize: 1 });

let invocations = 0;
const hang = (taskId, callId) => {
  console.log(`kill ${taskId} ${callId}`);
  return new Promise(() => {});
};

function append(line) {
  const fd = openSync(logFile, 'a');
  writeSync(fd, `${line}\n`);
  fsyncSync(fd);
  closeSync(fd);
}

async function runTask(task) {
  const journal = await TaskJournal.open(store, task.id, worker);
  for (let i = 1; i <= 4; i++) {
    let killNow = false;
    const outcome = await journal.call({
      kind: 'tool',
      callId: `c${i}`,
      input: { i },
      idempotent: i % 2 === 0,
      run: async (key) => {
        append(`${task.id} ${key}`);
        killNow = ++invocations === Number(killAt);
        if (killNow && killWhere === 'mid-call') await hang(task.id, key);
        return i * 10;
      },
    });
    if (killNow) await hang(task.id, `c${i}`);
    if (outcome.status === 'in-doubt') return store.requireInput(task.id, worker, outcome.reason);
  }
  return store.finish(task.id, worker, { state: 'completed', output: 'ok' });
}

for (let task = await store.claim(worker); task !== undefined; task = await store.claim(worker)) await runTask(task);
console.log('idle');
await store.close();
