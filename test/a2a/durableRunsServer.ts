// A runtime serving one scripted agent over A2A whose runs are plugin-tasks tasks, in its own process,
// for durableRunsKill.test.ts. Args: a2aFile tasksFile life. The agent's run waits in the read-only
// `gate` tool (printing {"gate":"holding"}) until a `release` line arrives on stdin. Life `first`:
// the model asks for the gate; life `second`: the model only answers "Sunny in Oslo." — so the gate
// is reached in the second life only if the first model reply is replayed from the task's checkpoints.
// Prints its base URL as one JSON line.
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { a2aServerPlugin, SqliteA2aTaskStore } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { startRuntime } from '@cortex-os/runtime';
import { z } from 'zod';
import { released } from '../support/stdinRelease.mjs';

const [a2aFile = '', tasksFile = '', life = 'first'] = process.argv.slice(2);

const gate = defineTool({
  name: 'gate',
  description: 'Returns once the test releases it.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: async () => {
    console.log(JSON.stringify({ gate: 'holding' }));
    await released;
    return { open: true };
  },
});
const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Answer in one sentence.',
  tools: ['gate'],
  budgets: { maxSteps: 4 },
});
const script = life === 'first' ? [{ toolCalls: [{ name: 'gate', arguments: {} }] }] : [{ text: 'Sunny in Oslo.' }];

const taskStore = SqliteA2aTaskStore.open({ file: a2aFile });
const runtime = await startRuntime(
  createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model: createScriptedModelProvider({ script }),
      tools: [gate],
      agents: [forecaster],
      plugins: [
        httpPlugin({ port: 0, metrics: { defaultMetrics: false } }),
        // A short lease: the killed worker's claim runs out soon, and the new worker's poll takes the task over.
        tasksPlugin({ file: tasksFile, leaseMs: 600, worker: { pollMs: 100 } }),
        a2aServerPlugin({ name: 'durable-runs', taskStore }),
      ],
    }),
  }),
  { signals: false },
);
console.log(JSON.stringify({ url: runtime.address?.url }));
