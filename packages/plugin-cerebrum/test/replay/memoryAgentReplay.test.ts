// A recorded run of an agent with memory replays offline and time-travels: the recording carries
// the loop's own memory calls (the recall before the first model call, the answer's write-back)
// and the run's user, so a replay neither asks the memory again nor is refused for want of a user.
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { type AgentRecording, recordingOf, replayAgentRun, timeTravel } from '@cortex-os/plugin-cerebrum';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins, recordingMemoryTools } from '@cortex-os/plugin-agents/testing';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city.',
  input: z.object({ city: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ city }) => ({ city, sky: 'sunny' }),
});
const concierge = defineAgent({
  name: 'concierge',
  description: 'Knows what each guest likes.',
  instructions: 'Answer from memory and the weather.',
  tools: ['weather'],
  memory: { scope: ['user'], writeBack: ['answer'] },
});

async function start(script: Parameters<typeof createScriptedModelProvider>[0]['script']) {
  const memory = recordingMemoryTools([{ id: 'm1', kind: 'preference', text: 'Ada likes tea on the terrace.', score: 0.9 }]);
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({
      model,
      tools: [weather, ...memory.tools],
      agents: [concierge],
    }),
  });
  await kernel.start();
  return { kernel, model, memory, agents: kernel.get(agentsServiceToken) };
}

describe('replaying a recorded run of an agent with memory', () => {
  it('replays it offline, identically, answering the recall and the write-back from the recording', async () => {
    const { kernel, memory, agents } = await start([
      { toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Tea on the terrace: it is sunny.' },
    ]);
    await using _ = kernel;
    const result = await agents.run('concierge', { input: 'Where should I take my drink?', userId: 'ada' });
    expect(result).toMatchObject({ status: 'completed', userId: 'ada' });
    expect(result.memoryCalls?.map(({ step, callId, tool, outcome }) => [step, callId, tool, outcome])).toEqual([
      [0, 'cortex.memory.recall', 'memory.search', 'succeeded'],
      [1, 'cortex.memory.answer', 'memory.store', 'succeeded'],
    ]);
    // Plain JSON: kept in a file and replayed elsewhere.
    const recording = JSON.parse(JSON.stringify(recordingOf(result, 'Where should I take my drink?'))) as AgentRecording;
    const report = await replayAgentRun(agents, recording);
    expect(report).toMatchObject({ identical: true, replayed: { model: 2, tools: 3 } });
    expect(report.result.text).toBe('Tea on the terrace: it is sunny.');
    // The memory was asked once and written once: by the run, not by its replay.
    expect([memory.searched, memory.stored.length]).toEqual([[['user:ada']], 1]);
  });

  it('replays and time-travels a run that began a thread without continuing the thread', async () => {
    const { kernel, model, agents } = await start([
      { toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Tea on the terrace.' },
      { text: 'Tea inside.' },
      { text: 'You asked where to take your drink.' },
    ]);
    await using _ = kernel;
    const input = 'Where should I take my drink?';
    const result = await agents.run('concierge', { input, userId: 'ada', threadId: 'ada-trip' });
    const recording = recordingOf(result, input);
    expect(recording.threadId).toBe('ada-trip');
    expect((await replayAgentRun(agents, recording)).identical).toBe(true);
    const travelled = await timeTravel(agents, recording, { step: 0, overrides: [{ callId: 'w1', content: '{"sky":"storm"}' }] });
    expect(travelled.result.text).toBe('Tea inside.');
    // The travelled run was not given the thread, and neither it nor the replay appended to it:
    // the next run on the thread sees the original turn once.
    const next = await agents.run('concierge', { input: 'What did I ask?', userId: 'ada', threadId: 'ada-trip' });
    expect(next.text).toBe('You asked where to take your drink.');
    const asked = model.requests.map((request) => request.messages.filter((m) => m.role === 'user').map((m) => String(m.content)));
    expect(asked).toHaveLength(4);
    expect(asked.at(2)).toEqual([input]);
    expect(asked.at(-1)).toEqual([input, 'What did I ask?']);
  });

  it('time-travels from a step, the recall replayed and the new answer written live', async () => {
    const { kernel, memory, agents } = await start([
      { toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Tea on the terrace: it is sunny.' },
      { text: 'Tea inside: a storm.' },
    ]);
    await using _ = kernel;
    const result = await agents.run('concierge', { input: 'Where should I take my drink?', userId: 'ada' });
    const travelled = await timeTravel(agents, recordingOf(result, 'Where should I take my drink?'), {
      step: 0,
      overrides: [{ callId: 'w1', content: '{"city":"Oslo","sky":"storm"}' }],
    });
    expect(travelled.result).toMatchObject({ status: 'completed', text: 'Tea inside: a storm.', userId: 'ada' });
    expect(memory.searched).toEqual([['user:ada']]);
    expect(memory.stored).toHaveLength(2);
  });
});
