// A runtime serving one scripted agent over A2A in its own process, for abortedClient.test.ts. The
// agent's run waits in the `hold` tool — which ignores its abort signal, as a slow model call or
// tool may — until a `release` line arrives on stdin. Prints `arrived` when the tool is called,
// `phase <phase>` on each HTTP phase and `tool done` when the tool returns. Stops on SIGTERM.
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import { startRuntime } from '@cortex-os/runtime';
import { z } from 'zod';
import { closeStdin, released } from '../support/stdinRelease.mjs';
import { scriptedAgentPlugins } from '../support/scriptedAgents.ts';

const hold = defineTool({
  name: 'hold',
  description: 'Returns once the test releases it.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: async () => {
    console.log('arrived');
    await released;
    console.log('tool done');
    // stdin would keep the process alive: the runtime must exit by itself once stopped.
    closeStdin();
    return { held: true };
  },
});
const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Answer in one sentence.',
  tools: ['hold'],
  budgets: { maxSteps: 4 },
});
const runtime = await startRuntime(
  createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      // The drain deadline is far above the test's own timeout: a drain waiting on the aborted request fails the test.
      httpPlugin({ port: 0, metrics: { defaultMetrics: false }, drain: { deadlineMs: 120_000 } }),
      ...scriptedAgentPlugins({ script: [{ toolCalls: [{ name: 'hold', arguments: {} }] }], tools: [hold], agents: [forecaster] }),
      a2aServerPlugin({ name: 'aborted-client-runtime' }),
    ],
  }),
);
runtime.http?.onPhase((phase) => console.log(`phase ${phase}`));
console.log(JSON.stringify({ url: runtime.address?.url }));
