import { createKernel, createLogger, type Logger } from '@cortex-os/kernel';
import { a2aClientPlugin, a2aServerPlugin } from '@cortex-os/plugin-a2a';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { type Runtime, startRuntime } from '@cortex-os/runtime';

/** Runtime A's agent: it may call every imported A2A agent (`a2a.*`). */
const tripPlanner = defineAgent({
  name: 'trip-planner',
  description: 'Plans what to pack, asking the weather runtime.',
  instructions: 'Ask a2a.weather about the destination, then say what to pack.',
  tools: ['a2a.*'],
  budgets: { maxSteps: 3 },
});

/** Where runtime B is and the token it expects. */
export interface TravelRuntimeOptions {
  readonly weatherUrl: string;
  readonly token: string;
  readonly logger?: Logger;
}

/**
 * Runtime A: imports runtime B's agent as the tool `a2a.weather` (its card is fetched when A
 * starts) with a timeout, retries and a bearer token, and serves its own `trip-planner` over A2A
 * too. Its model is scripted: one call to `a2a.weather`, then an answer quoting it.
 */
export async function startTravelRuntime(options: TravelRuntimeOptions): Promise<Runtime> {
  const model = createScriptedModelProvider({
    script: [
      { toolCalls: [{ name: 'a2a.weather', arguments: { input: 'Weather in Oslo?', skill: 'forecaster' } }] },
      { text: 'Pack sunglasses: the weather runtime says it is sunny in Oslo.' },
    ],
  });
  const kernel = createKernel({
    logger: options.logger ?? createLogger({ level: 'warn' }),
    plugins: [
      httpPlugin({ host: '127.0.0.1', port: 0 }),
      ...agentRuntimePlugins({ model, agents: [tripPlanner] }),
      a2aClientPlugin({
        remotes: [{ name: 'weather', url: options.weatherUrl, token: options.token, timeoutMs: 30_000, retry: { maxAttempts: 2 } }],
      }),
      a2aServerPlugin({ name: 'travel-runtime', auth: 'none' }),
    ],
  });
  return startRuntime(kernel, { signals: false });
}
