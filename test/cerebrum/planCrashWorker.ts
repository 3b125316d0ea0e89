// A plan task worker in its own process, for planTaskCrash.test.ts. Args: storeFile logFile
// worker clockOffsetMs hangAt script. Tools and the planner's model append a line to logFile
// (fsynced) each time they really run: the tool's name, or "model". The tool named `hangAt` logs,
// prints "inflight" and never returns, so the parent can SIGKILL the process with that step in
// flight. `script` is a JSON array of the model's replies. Prints the task as the worker left it.
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { policyRouterToken } from '@cortex-os/kernel/router';
import { agentsServiceToken } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { createPlanTaskRunner } from '@cortex-os/plugin-cerebrum';
import { AgentTaskWorker, SqliteTaskStore, TaskRunnerRegistry } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { z } from 'zod';

const [storeFile = '', logFile = '', worker = '', offset = '0', hangAt = 'none', script = '[]'] = process.argv.slice(2);

function append(line: string): void {
  const fd = openSync(logFile, 'a');
  writeSync(fd, `${line}\n`);
  fsyncSync(fd);
  closeSync(fd);
}

const ledgered = (name: string, result: unknown) => async () => {
  append(name);
  if (name === hangAt) {
    console.log('inflight');
    await new Promise(() => {});
  }
  return result;
};
const read = (name: string) =>
  defineTool({
    name,
    description: `Reads a page (${name}).`,
    input: z.object({ page: z.string() }),
    annotations: { readOnlyHint: true },
    handler: ledgered(name, { text: `${name}: otters hold hands` }),
  });
const tools = [
  read('page.fetch'),
  read('archive.fetch'),
  defineTool({
    name: 'notes.write',
    description: 'Writes a note.',
    input: z.object({ a: z.unknown(), b: z.unknown() }),
    handler: ledgered('notes.write', { saved: true }),
  }),
];
const scripted = createScriptedModelProvider({ script: JSON.parse(script) });
const model = {
  ...scripted,
  generate: (...args: Parameters<typeof scripted.generate>) => {
    append('model');
    return scripted.generate(...args);
  },
};
const kernel = createKernel({ logger: createLogger({ level: 'silent' }), plugins: agentRuntimePlugins({ model, tools, agents: [] }) });
await kernel.start();
const runners = new TaskRunnerRegistry();
runners.register(createPlanTaskRunner({ registry: kernel.tools, planner: { model: kernel.get(policyRouterToken) }, maxReplans: 2 }));
const store = SqliteTaskStore.open({ file: storeFile, leaseMs: 60_000, now: () => Date.now() + Number(offset) });
const task = await new AgentTaskWorker({ store, agents: kernel.get(agentsServiceToken), worker, runners }).runNext();
console.log(JSON.stringify(task === undefined ? null : { state: task.state, reason: task.reason, output: task.output }));
await kernel.stop();
await store.close();
