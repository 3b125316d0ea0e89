// One life of a task worker in the seeded crash loop (crashLoop.test.ts). Args: storeSpec logFile
// worker clockOffsetMs killAt killWhere. storeSpec is `sqlite:<file>` or `postgres:<schema>:<url>`.
// Claims tasks until none is claimable; each task runs a model call m0, tool calls c1..c4 (c2 and c4
// idempotent, c1 and c3 not) and a model call m5 that ends it, through its journal holding model
// replies until the next call or the final commit (`holdModelReplies`, as the task worker runs),
// each invocation appending "taskId callId" to logFile, fsynced.
// At the killAt-th invocation of this life it prints "kill <taskId> <callId>" and hangs, so the parent SIGKILLs it:
// `mid-call` (the call ran, its result is not recorded) or `after-commit` (its result is recorded;
// for a model call, held: on disk only with the next call or the task's end).
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

/** One call through the journal; kills the process at the killAt-th invocation of this life. */
async function call(journal, taskId, kind, callId, idempotent, output) {
  let killNow = false;
  const outcome = await journal.call({
    kind,
    callId,
    input: { callId },
    idempotent,
    run: async (key) => {
      append(`${taskId} ${key}`);
      killNow = ++invocations === Number(killAt);
      if (killNow && killWhere === 'mid-call') await hang(taskId, key);
      return output;
    },
  });
  if (killNow) await hang(taskId, callId);
  return outcome;
}

async function runTask(task) {
  const journal = await TaskJournal.open(store, task.id, worker, { holdModelReplies: true });
  await call(journal, task.id, 'model', 'm0', true, 'use the tools');
  for (let i = 1; i <= 4; i++) {
    const outcome = await call(journal, task.id, 'tool', `c${i}`, i % 2 === 0, i * 10);
    if (outcome.status === 'in-doubt') {
      await journal.flush();
      return store.requireInput(task.id, worker, outcome.reason);
    }
  }
  await call(journal, task.id, 'model', 'm5', true, 'ok');
  return journal.finish({ state: 'completed', output: 'ok' });
}

for (let task = await store.claim(worker); task !== undefined; task = await store.claim(worker)) await runTask(task);
console.log('idle');
await store.close();
