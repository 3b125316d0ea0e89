// A runtime serving one scripted agent over A2A with its tasks in a SQLite file, in its own
// process, for durableTasks.test.ts. Args: tasksFile mode. Mode `block`: the agent's run waits in
// the `wait` tool until killed. Mode `gate`: the run waits in the `gate` tool until a `release`
// line arrives on stdin, then answers "Sunny in Oslo.". Tasks and push configs are kept in tasksFile.
// Prints its base URL as one JSON line.
import { createLogger, createKernel, defineTool } from '@cortex-os/kernel';
import { a2aServerPlugin, SqliteA2aPushNotificationStore, SqliteA2aTaskStore } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import { startRuntime } from '@cortex-os/runtime';
import { z } from 'zod';
import { released } from '../support/stdinRelease.mjs';
import { scriptedAgentPlugins } from '../support/scriptedAgents.ts';

const [tasksFile = '', mode = 'block'] = process.argv.slice(2);

const wait = defineTool({
  name: 'wait',
  description: 'Never returns by itself.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: () => new Promise(() => {}),
});
const gate = defineTool({
  name: 'gate',
  description: 'Returns once the test releases it.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: async () => {
    await released;
    return { open: true };
  },
});
const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Answer in one sentence.',
  tools: ['wait', 'gate'],
  budgets: { maxSteps: 4 },
});
const script =
  mode === 'block'
    ? [{ toolCalls: [{ name: 'wait', arguments: {} }] }]
    : [{ toolCalls: [{ name: 'gate', arguments: {} }] }, { text: 'Sunny in Oslo.' }];

const taskStore = SqliteA2aTaskStore.open({ file: tasksFile });
// Push configs in the same file, so a receiver registered before the kill hears the resumed run.
const pushStore = SqliteA2aPushNotificationStore.open({ file: tasksFile });
const runtime = await startRuntime(
  createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      httpPlugin({ port: 0, metrics: { defaultMetrics: false } }),
      ...scriptedAgentPlugins({ script, tools: [wait, gate], agents: [forecaster] }),
      a2aServerPlugin({ name: 'durable-runtime', taskStore, push: { allowedHosts: ['127.0.0.1'], store: pushStore } }),
    ],
  }),
  { signals: false },
);
console.log(JSON.stringify({ url: runtime.address?.url }));
