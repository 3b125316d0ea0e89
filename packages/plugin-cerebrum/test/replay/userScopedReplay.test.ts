// A task of an agent whose memory is scoped per user runs for its owner, and replays and
// time-travels for that owner too: the replayed run gets the same user, so it is not refused
// (a user-scoped run without one is AGENT_RUN_OPTIONS_INVALID), and its memory recall — a
// checkpoint taken before the step's model call — is answered from the task like any tool call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineAgent } from '@cortex-os/plugin-agents';
import { recordingMemoryTools } from '@cortex-os/plugin-agents/testing';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startForecaster } from './forecasterKernel.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-user-scope-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const concierge = defineAgent({
  name: 'concierge',
  description: 'Knows what each guest likes.',
  instructions: 'Answer from memory.',
  tools: ['weather'],
  memory: { scope: ['user'], writeBack: [] },
});

describe('a user-scoped agent task, replayed and time-travelled', () => {
  it('runs, replays and travels for the task’s owner', async () => {
    const memory = recordingMemoryTools([{ id: 'm1', kind: 'fact', text: 'Likes tea.', score: 0.9 }]);
    const script = [
      { toolCalls: [{ id: 'w1', name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Tea, and it is sunny.' },
      { text: 'Tea, and a storm.' },
    ];
    const runtime = await startForecaster(join(dir, 'tasks.sqlite'), script, undefined, { agents: [concierge], tools: memory.tools });
    onTestFinished(async () => {
      await runtime.kernel.stop();
    });
    const { id } = await runtime.tasks.submit({ agent: 'concierge', input: 'Tea or coffee?', principal: 'ada' });
    expect(await runtime.tasks.settled(id)).toMatchObject({ state: 'completed', output: 'Tea, and it is sunny.' });
    const ada = { caller: { transport: 'rest', id: 'ada' } } as const;

    const replayed = await runtime.kernel.tools.call('cerebrum.replay', { task: id }, ada);
    expect(replayed.structured).toMatchObject({ identical: true, status: 'completed' });
    const travel = await runtime.kernel.tools.call(
      'cerebrum.travel',
      { task: id, step: 0, overrides: [{ callId: 'w1', content: '{"sky":"storm"}' }] },
      ada,
    );
    const { taskId } = travel.structured as { taskId: string };
    expect(await runtime.tasks.settled(taskId, 'ada')).toMatchObject({ state: 'completed', output: 'Tea, and a storm.' });
    // Only the task's run searched, in ada's memories: the replay and the travel (from step 0, where
    // the recall is) read the recall from its checkpoint.
    expect(memory.searched).toEqual([['user:ada']]);
  });
});
