import { createKernel, createLogger, defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { type AgentDefinition, agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { type CerebrumPluginOptionsInput, cerebrumPlugin } from '@cortex-os/plugin-cerebrum';
import { type TasksPluginOptionsInput, tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider, type ScriptedModelReply } from '@cortex-os/provider-kit/testing';
import { z } from 'zod';

/** The forecaster's tools: `weather` (read-only) and `alert.send` (needs approval), with their calls counted. */
export function forecasterTools() {
  const counts = { forecasts: 0, alerts: 0, cities: [] as string[] };
  const weather = defineTool({
    name: 'weather',
    description: 'The weather in a city.',
    input: z.object({ city: z.string() }),
    annotations: { readOnlyHint: true },
    handler: ({ city }) => {
      counts.forecasts++;
      counts.cities.push(city);
      return { city, sky: 'sunny' };
    },
  });
  // Not read-only, so a call needs a person's approval (the agents' default policy).
  const alert = defineTool({
    name: 'alert.send',
    description: 'Sends a weather alert.',
    input: z.object({ text: z.string() }),
    handler: () => {
      counts.alerts++;
      return { sent: true };
    },
  });
  return { counts, tools: [weather, alert] };
}

/**
 * A runtime with the `forecaster` agent (one read-only `weather` tool, counted), the tasks plugin
 * on `file` (`more.tasks` its other options) and the cerebrum plugin (`more.cerebrum` its options,
 * `more.agents` further agents, `more.tools` further tools);
 * the model follows `script`. Dispose it.
 */
export async function startForecaster(
  file: string,
  script: readonly ScriptedModelReply[],
  instructions = 'Look it up.',
  more: {
    readonly cerebrum?: CerebrumPluginOptionsInput;
    readonly agents?: readonly AgentDefinition[];
    /** More tools beside the forecaster's. */
    readonly tools?: readonly ToolDefinition<z.ZodType, z.ZodType>[];
    /** More options of the tasks plugin (its file and timer stay these). */
    readonly tasks?: Omit<TasksPluginOptionsInput, 'file' | 'timer'>;
  } = {},
) {
  const { counts, tools } = forecasterTools();
  const forecaster = defineAgent({ name: 'forecaster', description: 'Weather.', instructions, tools: ['weather', 'alert.send'] });
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model,
      tools: [...tools, ...(more.tools ?? [])],
      agents: [forecaster, ...(more.agents ?? [])],
      plugins: [tasksPlugin({ ...more.tasks, file, timer: () => () => {} }), cerebrumPlugin(more.cerebrum ?? { recallLimit: 0 })],
    }),
  });
  await kernel.start();
  return { kernel, model, counts, tasks: kernel.get(tasksServiceToken), agents: kernel.get(agentsServiceToken) };
}

/** The forecaster's first run: a weather call, then the answer. */
export const sunnyRun: ScriptedModelReply[] = [
  { toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] },
  { text: 'Sunny in Oslo.' },
];
