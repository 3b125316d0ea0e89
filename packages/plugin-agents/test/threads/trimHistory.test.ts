import { defineAgent } from '@cortex-os/plugin-agents';
import { describe, expect, it } from 'vitest';
import { startAgentKernel } from '../support/agentKernel.js';
import { weatherTool } from '../support/tools.js';

const chatty = (history?: Parameters<typeof defineAgent>[0]['history']) =>
  defineAgent({
    name: 'chatty',
    description: 'Chats.',
    instructions: 'Chat.',
    tools: ['weather'],
    ...(history === undefined ? {} : { history }),
  });

describe('threads', () => {
  it('continues a thread: the earlier turns, tool calls and results included, come before the new input', async () => {
    await using runtime = await startAgentKernel({
      agents: [chatty()],
      tools: [weatherTool],
      model: {
        script: [{ toolCalls: [{ id: 'w', name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny.' }, { text: 'Still sunny.' }],
      },
    });
    await runtime.agents.run('chatty', { input: 'Weather in Oslo?', threadId: 't1' });
    const second = await runtime.agents.run('chatty', { input: 'And now?', threadId: 't1' });
    expect(second.output).toBe('Still sunny.');
    expect(runtime.model.requests[2]?.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
    expect(runtime.model.requests[2]?.messages.at(-1)).toEqual({ role: 'user', content: 'And now?' });
    expect(second.trace.some((entry) => entry.type === 'history.trimmed')).toBe(false);
  });

  it('drops the oldest whole turns that exceed history.maxTokens, and the trace says so', async () => {
    const long = 'x'.repeat(200);
    await using runtime = await startAgentKernel({
      agents: [chatty({ maxTokens: 120 })],
      tools: [weatherTool],
      model: { script: [{ text: `one ${long}` }, { text: `two ${long}` }, { text: 'three' }] },
    });
    await runtime.agents.run('chatty', { input: 'First?', threadId: 't2' });
    await runtime.agents.run('chatty', { input: 'Second?', threadId: 't2' });
    const third = await runtime.agents.run('chatty', { input: 'Third?', threadId: 't2' });
    const sent = runtime.model.requests[2]?.messages ?? [];
    expect(sent.map((message) => message.content.slice(0, 7))).toEqual(['Chat.', 'Second?', 'two xxx', 'Third?']);
    expect(third.trace[0]).toMatchObject({ type: 'history.trimmed', keptTurns: 1, droppedTurns: 1, summarized: false });
  });

  it('summarises the dropped turns with the summariser model and charges its tokens to the run', async () => {
    const long = 'y'.repeat(200);
    await using runtime = await startAgentKernel({
      agents: [chatty({ maxTokens: 40, summarizer: {} })],
      tools: [weatherTool],
      model: {
        script: [
          { text: `one ${long}` },
          { text: 'The user asked a first question.', usage: { inputTokens: 70, outputTokens: 9 } },
          { text: 'two', usage: { inputTokens: 30, outputTokens: 1 } },
        ],
      },
    });
    await runtime.agents.run('chatty', { input: 'First?', threadId: 't3' });
    const second = await runtime.agents.run('chatty', { input: 'Second?', threadId: 't3' });
    expect(runtime.model.requests[1]?.messages[0]?.content).toContain('Summarise this earlier part of a conversation');
    expect(runtime.model.requests[2]?.messages.slice(0, 3)).toEqual([
      { role: 'system', content: 'Chat.' },
      { role: 'system', content: 'Summary of the earlier conversation: The user asked a first question.' },
      { role: 'user', content: 'Second?' },
    ]);
    expect(second.trace[0]).toMatchObject({ type: 'history.trimmed', droppedTurns: 1, summarized: true });
    expect(second.usage).toMatchObject({ delegatedTokens: 79, totalTokens: 110 });
  });

  it('leaves the thread unchanged when a run does not complete', async () => {
    await using runtime = await startAgentKernel({
      agents: [chatty()],
      tools: [weatherTool],
      model: { script: [{ toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'fresh start' }] },
    });
    const first = await runtime.agents.run('chatty', { input: 'Loop?', threadId: 't4', budgets: { maxSteps: 1 } });
    expect(first.status).toBe('budget-exhausted');
    await runtime.agents.run('chatty', { input: 'Hello?', threadId: 't4' });
    expect(runtime.model.requests[1]?.messages).toEqual([
      { role: 'system', content: 'Chat.' },
      { role: 'user', content: 'Hello?' },
    ]);
  });
});
