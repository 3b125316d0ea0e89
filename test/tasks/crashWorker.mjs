// A task worker in its own process, for crash.test.ts. Args: storeFile logFile worker clockOffsetMs hangAt.
// Tool calls c1..c4 append "taskId callId" to logFile (fsynced) each time they run; even calls are
// idempotent. At call `hangAt` the tool logs, prints "inflight" and never returns, so the parent can
// SIGKILL the process with that call in flight.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { SqliteTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';

const [storeFile, logFile, worker, offset, hangAt] = process.argv.slice(2);
const store = SqliteTaskStore.open({ file: storeFile, leaseMs: 60_000, now: () => Date.now() + Number(offset) });
const task = await store.claim(worker);
if (task === undefined) {
  console.log('none');
  process.exit(0);
}
const journal = await TaskJournal.open(store, task.id, worker);
for (let i = 1; i <= 4; i++) {
  const callId = `c${i}`;
  const outcome = await journal.call({
    kind: 'tool',
    callId,
    input: { i },
    idempotent: i % 2 === 0,
    run: async (key) => {
      const fd = openSync(logFile, 'a');
      writeSync(fd, `${task.id} ${key}\n`);
      fsyncSync(fd);
      closeSync(fd);
      if (key === hangAt) {
        console.log('inflight');
        await new Promise(() => {});
      }
      return i * 10;
    },
  });
  if (outcome.status === 'in-doubt') {
    await store.requireInput(task.id, worker, outcome.reason);
    console.log('input-required');
    process.exit(0);
  }
  console.log(`${outcome.status} ${callId}`);
}
await store.finish(task.id, worker, { state: 'completed', output: 'ok' });
console.log('completed');
