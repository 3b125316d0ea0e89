import { createKernel, createLogger, defineTool, type Logger } from '@cortex-os/kernel';
import { a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { type Runtime, startRuntime } from '@cortex-os/runtime';
import { z } from 'zod';

/** A read-only tool: the weather in a city (a fixed table stands in for a weather service). */
const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city.',
  input: z.object({ city: z.string().min(1) }),
  annotations: { readOnlyHint: true },
  handler: ({ city }) => ({ city, sky: city === 'Oslo' ? 'sunny' : 'cloudy' }),
});

/** Runtime B's agent, served over A2A as the skill `forecaster`. */
const forecaster = defineAgent({
  name: 'forecaster',
  description: 'Tells the weather in a city.',
  instructions: 'Use the weather tool, then answer in one sentence.',
  tools: ['weather'],
  budgets: { maxSteps: 3 },
});

/** Where runtime B listens and the bearer token it requires of A2A callers. */
export interface WeatherRuntimeOptions {
  readonly token: string;
  readonly port?: number;
  readonly logger?: Logger;
}

/**
 * Runtime B: the `forecaster` agent served over A2A at `/a2a/jsonrpc` on 127.0.0.1, callers
 * authenticated with a bearer token (declared on its card). Its model is scripted — one weather
 * lookup, one sentence — so the demo runs without a language model.
 */
export async function startWeatherRuntime(options: WeatherRuntimeOptions): Promise<Runtime> {
  const model = createScriptedModelProvider({
    script: [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny in Oslo.' }],
  });
  const kernel = createKernel({
    logger: options.logger ?? createLogger({ level: 'warn' }),
    plugins: [
      httpPlugin({ host: '127.0.0.1', port: options.port ?? 0, auth: { tokens: [{ token: options.token, principal: 'travel-runtime' }] } }),
      ...agentRuntimePlugins({ model, tools: [weather], agents: [forecaster] }),
      a2aServerPlugin({ name: 'weather-runtime', auth: 'bearer' }),
    ],
  });
  return startRuntime(kernel, { signals: false });
}
