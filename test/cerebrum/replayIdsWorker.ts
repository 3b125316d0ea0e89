// One process of replayIds.test.ts. Args: mode (record | replay) and a recording file. `record`
// runs the forecaster live on a scripted model and writes its recording; `replay` replays that
// file offline (no model replies, a weather tool that must not run). Each prints, as one JSON
// line, the run id, the run ids its `agent.*` events carried, and the tool call ids it saw.
import { readFileSync, writeFileSync } from 'node:fs';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { createEventRecorder } from '@cortex-os/kernel/testing';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { type AgentRecording, recordingOf, replayAgentRun } from '@cortex-os/plugin-cerebrum';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { z } from 'zod';

const [mode = '', file = ''] = process.argv.slice(2);
const live = mode === 'record';
const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city.',
  input: z.object({ city: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ city }) => {
    if (!live) throw new Error('the weather tool ran during an offline replay');
    return { city, sky: 'sunny' };
  },
});
const forecaster = defineAgent({ name: 'forecaster', description: 'Weather.', instructions: 'Look it up.', tools: ['weather'] });
const script = live ? [{ toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny in Oslo.' }] : [];
const model = createScriptedModelProvider({ script });
const kernel = createKernel({
  logger: createLogger({ level: 'silent' }),
  plugins: agentRuntimePlugins({ model, tools: [weather], agents: [forecaster] }),
});
await kernel.start();
const events = createEventRecorder(kernel.events, 'agent.*');
const agents = kernel.get(agentsServiceToken);
let result: Awaited<ReturnType<typeof agents.run>>;
let identical = true;
if (live) {
  result = await agents.run('forecaster', { input: 'Weather in Oslo?' });
  writeFileSync(file, JSON.stringify(recordingOf(result, 'Weather in Oslo?')));
} else {
  const report = await replayAgentRun(agents, JSON.parse(readFileSync(file, 'utf8')) as AgentRecording);
  result = report.result;
  identical = report.identical;
}
const eventRunIds = [...new Set(events.events.map((event) => (event.data as { runId?: unknown }).runId))];
const callIds = result.steps.flatMap((step) => step.toolCalls.map((call) => call.callId));
console.log(JSON.stringify({ runId: result.runId, eventRunIds, callIds, identical, text: result.text, modelCalls: model.requests.length }));
events[Symbol.dispose]();
await kernel.stop();
