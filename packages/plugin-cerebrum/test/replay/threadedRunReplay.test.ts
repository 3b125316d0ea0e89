// A recorded run that continued a conversation replays offline identically, even after the
// conversation grew: the recording holds the history the run was given, the replay is given the
// same, and neither a replay nor a time travel appends to the conversation.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { type AgentRecording, recordingOf, replayAgentRun, timeTravel } from '@cortex-os/plugin-cerebrum';
import { agentsServiceToken, defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';

const guide = defineAgent({ name: 'guide', description: 'Plans trips.', instructions: 'Plan the trip.' });

async function start(script: Parameters<typeof createScriptedModelProvider>[0]['script']) {
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({ logger: createLogger({ level: 'silent' }), plugins: agentRuntimePlugins({ model, agents: [guide] }) });
  await kernel.start();
  return { kernel, model, agents: kernel.get(agentsServiceToken) };
}

/** The user messages of each model request, in order. */
const userTurns = (model: { requests: readonly { messages: readonly { role: string; content: unknown }[] }[] }): string[][] =>
  model.requests.map((request) => request.messages.filter((m) => m.role === 'user').map((m) => String(m.content)));

describe('replaying a recorded run that continued a conversation', () => {
  it('replays it identically after the conversation grew, given the recorded history, appending nothing', async () => {
    const { kernel, model, agents } = await start([
      { text: 'Oslo in May.' },
      { text: 'Take the night train.' },
      { text: 'Pack a raincoat.' },
      { text: 'You asked about Oslo, the way there and what to pack.' },
    ]);
    await using _ = kernel;
    await agents.run('guide', { input: 'Where should I go?', threadId: 'trip' });
    const second = await agents.run('guide', { input: 'How do I get there?', threadId: 'trip' });
    const recording = JSON.parse(JSON.stringify(recordingOf(second, 'How do I get there?'))) as AgentRecording;
    expect(recording.memoryCalls?.map(({ step, callId }) => [step, callId])).toEqual([[0, 'cortex.thread.history']]);
    // The conversation grows after the recorded run.
    await agents.run('guide', { input: 'What should I pack?', threadId: 'trip' });

    const report = await replayAgentRun(agents, recording);
    expect(report).toMatchObject({ identical: true, replayed: { model: 1, tools: 1 } });
    expect(report.result.text).toBe('Take the night train.');
    const travelled = await timeTravel(agents, recording, { step: 0 });
    expect(travelled.result.text).toBe('Take the night train.');

    // Neither the replay nor the time travel asked the model or appended: the next run on the
    // conversation sees its three turns once each.
    const next = await agents.run('guide', { input: 'What did I ask?', threadId: 'trip' });
    expect(next.text).toBe('You asked about Oslo, the way there and what to pack.');
    expect(userTurns(model)).toHaveLength(4);
    expect(userTurns(model).at(-1)).toEqual(['Where should I go?', 'How do I get there?', 'What should I pack?', 'What did I ask?']);
  });

  it('replays a recording made before runs recorded their history without the conversation, as before', async () => {
    const { kernel, agents } = await start([{ text: 'Oslo in May.' }]);
    await using _ = kernel;
    const first = await agents.run('guide', { input: 'Where should I go?', threadId: 'trip' });
    const { memoryCalls: _history, ...older } = recordingOf(first, 'Where should I go?');
    expect(older.threadId).toBe('trip');
    expect(await replayAgentRun(agents, older)).toMatchObject({ identical: true });
  });
});
