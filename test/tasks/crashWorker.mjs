// A task worker in its own process, for crash.test.ts. Args: storeFile logFile worker clockOffsetMs hangAt [mode].
// Tool calls c1..c4 append "taskId callId" to logFile (fsynced) each time they run; even calls are
// idempotent. At call `hangAt` the tool logs, prints "inflight" and never returns, so the parent can
// SIGKILL the process with that call in flight. The run ends with a model call m5 (logged too) whose
// reply the journal holds until the task's final commit (`holdModelReplies`); hangAt `after:m5`
// prints "held" once that reply is back and hangs, so the parent kills the process before the commit.
// mode `create` (default `claim`): the worker first creates its own task already claimed
// (`createClaimed`) and prints "acked <id> <claimed>" once that resolved, then runs it.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { SqliteTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';

const [storeFile, logFile, worker, offset, hangAt, mode = 'claim'] = process.argv.slice(2);
const store = SqliteTaskStore.open({ file: storeFile, leaseMs: 60_000, now: () => Date.now() + Number(offset) });
const hang = (line) => {
  console.log(line);
  return new Promise(() => {});
};
const append = (line) => {
  const fd = openSync(logFile, 'a');
  writeSync(fd, `${line}\n`);
  fsyncSync(fd);
  closeSync(fd);
};

let task;
if (mode === 'create') {
  const created = await store.createClaimed({ agent: 'a', input: null, principal: 'p' }, worker);
  console.log(`acked ${created.task.id} ${created.claimed}`);
  task = created.task;
} else task = await store.claim(worker);
if (task === undefined) {
  console.log('none');
  process.exit(0);
}
const journal = await TaskJournal.open(store, task.id, worker, { holdModelReplies: true });
for (let i = 1; i <= 4; i++) {
  const callId = `c${i}`;
  const outcome = await journal.call({
    kind: 'tool',
    callId,
    input: { i },
    idempotent: i % 2 === 0,
    run: async (key) => {
      append(`${task.id} ${key}`);
      if (key === hangAt) await hang('inflight');
      return i * 10;
    },
  });
  if (outcome.status === 'in-doubt') {
    await journal.flush();
    await store.requireInput(task.id, worker, outcome.reason);
    console.log('input-required');
    process.exit(0);
  }
  console.log(`${outcome.status} ${callId}`);
}
const reply = await journal.call({
  kind: 'model',
  callId: 'm5',
  input: { answer: true },
  idempotent: true,
  run: async (key) => {
    append(`${task.id} ${key}`);
    return 'ok';
  },
});
console.log(`${reply.status} m5`);
if (hangAt === 'after:m5') await hang('held');
await journal.finish({ state: 'completed', output: reply.status === 'in-doubt' ? null : reply.output });
console.log('completed');
