// An agent task may continue a conversation: `params.threadId` names it, and it is the task
// owner's — another principal naming the same thread starts their own. A runtime with the tasks
// plugin's worker and a scripted model; the model's requests show what each run was given.
import { createKernel, createLogger } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { defineAgent } from '@cortex-os/plugin-agents';
import { agentRuntimePlugins } from '@cortex-os/plugin-agents/testing';
import { tasksPlugin, tasksServiceToken } from '@cortex-os/plugin-tasks';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';

const chat = defineAgent({ name: 'chat', description: 'Chats.', instructions: 'Chat.' });

async function startChat(script: Parameters<typeof createScriptedModelProvider>[0]['script']) {
  const model = createScriptedModelProvider({ script });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: agentRuntimePlugins({ model, agents: [chat], plugins: [tasksPlugin({ file: ':memory:', timer: () => () => {} })] }),
  });
  await kernel.start();
  const tasks = kernel.get(tasksServiceToken);
  const run = async (principal: string, input: string, threadId?: string) => {
    const { id } = await tasks.submit({ agent: 'chat', input, principal, ...(threadId === undefined ? {} : { params: { threadId } }) });
    return tasks.settled(id);
  };
  const conversation = (request: number) =>
    (model.requests[request]?.messages ?? []).filter((m) => m.role !== 'system').map((m) => `${m.role}: ${String(m.content)}`);
  return { kernel, tasks, run, conversation };
}

describe('agent tasks in a conversation', () => {
  it('continue the owner’s thread named by params.threadId, and only the owner’s', async () => {
    const { kernel, run, conversation } = await startChat([
      { text: 'Noted: Lisbon.' },
      { text: 'Nothing yet.' },
      { text: 'Lisbon.' },
      { text: 'Hello.' },
    ]);
    await using _ = kernel;
    expect(await run('ada', 'I fly to Lisbon.', 'trip')).toMatchObject({ state: 'completed', output: 'Noted: Lisbon.' });
    await run('bob', 'Where do I fly?', 'trip');
    await run('ada', 'Where do I fly?', 'trip');
    await run('ada', 'Hi.');
    expect(conversation(1)).toEqual(['user: Where do I fly?']);
    expect(conversation(2)).toEqual(['user: I fly to Lisbon.', 'assistant: Noted: Lisbon.', 'user: Where do I fly?']);
    // Without a thread, a task is a conversation of its own.
    expect(conversation(3)).toEqual(['user: Hi.']);
  });

  it('refuse a threadId that cannot name a thread when submitted, storing nothing', async () => {
    const { kernel, tasks } = await startChat([]);
    await using _ = kernel;
    for (const threadId of ['', 'x'.repeat(201), 'a\nb', 42]) {
      const error = await expectCortexError(
        tasks.submit({ agent: 'chat', input: 'Hi.', principal: 'ada', params: { threadId } }),
        'TASK_INPUT_INVALID',
      );
      expect(error.message).toContain('params.threadId must be 1 to 200 characters without control characters');
    }
    expect(await tasks.list()).toEqual([]);
  });
});
