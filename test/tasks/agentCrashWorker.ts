// An agent task worker in its own process, for agentCrash.test.ts. Args: storeFile logFile worker
// clockOffsetMs hangAt. The ledger tools and the model append a line to logFile (fsynced) each time
// they really run: "<taskId> <callId>" for a tool, "model model:<turn>" for a model request. At tool
// call `hangAt` the tool logs, prints "inflight" and never returns, so the parent can SIGKILL the
// process with that call in flight. Prints the task as the worker left it, as JSON.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { AgentTaskWorker, SqliteTaskStore } from '@cortex-os/plugin-tasks';
import { startLedgerKernel } from '../../packages/plugin-tasks/test/agents/taskKernel.ts';

const [storeFile = '', logFile = '', worker = '', offset = '0', hangAt = 'none'] = process.argv.slice(2);

function append(line: string): void {
  const fd = openSync(logFile, 'a');
  writeSync(fd, `${line}\n`);
  fsyncSync(fd);
  closeSync(fd);
}

const store = SqliteTaskStore.open({ file: storeFile, leaseMs: 60_000, now: () => Date.now() + Number(offset) });
const runtime = await startLedgerKernel({
  ran: async (taskId, callId) => {
    append(`${taskId} ${callId}`);
    if (callId === hangAt) {
      console.log('inflight');
      await new Promise(() => {});
    }
  },
  asked: (turn) => append(`model model:${turn}`),
});
const task = await new AgentTaskWorker({ store, agents: runtime.agents, worker }).runNext();
console.log(JSON.stringify(task === undefined ? null : { state: task.state, reason: task.reason, output: task.output }));
await runtime[Symbol.asyncDispose]();
await store.close();
