// A runtime serving one scripted agent over A2A on 127.0.0.1, for the interop tests.
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Message, Role } from '@a2a-js/sdk';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { httpPlugin } from '@cortex-os/plugin-http';
import type { ScriptedModelStep } from '@cortex-os/provider-kit/testing';
import { type Runtime, startRuntime } from '@cortex-os/runtime';
import { onTestFinished } from 'vitest';
import { z } from 'zod';
import { scriptedAgentPlugins, weatherTool } from '../support/scriptedAgents.js';

/** Never answers by itself: it ends when the run's signal aborts (a task to cancel). */
const wait = defineTool({
  name: 'wait',
  description: 'Waits until canceled.',
  input: z.object({}),
  annotations: { readOnlyHint: true },
  handler: (_input, context) =>
    new Promise((_resolve, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true })),
});

const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Use the weather tool, then answer in one sentence.',
  tools: ['weather', 'wait'],
  budgets: { maxSteps: 4 },
});

/** One sentence for the weather, after one tool call. */
export const weatherScript: readonly ScriptedModelStep[] = [
  { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
  { text: 'Sunny in Oslo.' },
];

/** A run that blocks in the `wait` tool until canceled. */
export const waitScript: readonly ScriptedModelStep[] = [{ toolCalls: [{ name: 'wait', arguments: {} }] }];

/** Starts a runtime whose `forecaster` agent follows `script`; its base URL is `url`. */
export async function startA2aRuntime(
  script: readonly ScriptedModelStep[],
  serverOptions: Parameters<typeof a2aServerPlugin>[0] = {},
  httpOptions: Parameters<typeof httpPlugin>[0] = {},
): Promise<Runtime & { url: string }> {
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      httpPlugin({ port: 0, metrics: { defaultMetrics: false }, ...httpOptions }),
      ...scriptedAgentPlugins({ script, tools: [weatherTool, wait], agents: [forecaster] }),
      a2aServerPlugin({ name: 'weather-runtime', version: '1.2.3', ...serverOptions }),
    ],
  });
  const runtime = await startRuntime(kernel, { signals: false });
  return Object.assign(runtime, { url: runtime.address?.url ?? '' });
}

/** Serves `handler` on 127.0.0.1 until the test ends (its connections cut then); returns its base URL. */
export async function servePlain(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A user message in the SDK's (protobuf-shaped) types, for the SDK client. */
export function userMessage(text: string, messageId = crypto.randomUUID()): Message {
  return {
    messageId,
    contextId: '',
    taskId: '',
    role: Role.ROLE_USER,
    parts: [{ content: { $case: 'text', value: text }, mediaType: 'text/plain', filename: '', metadata: undefined }],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}
