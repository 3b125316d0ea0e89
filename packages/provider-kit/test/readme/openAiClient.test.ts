import { expect, it } from 'vitest';
import { type ChatMessage, collectModelStream, type ModelToolDefinition } from '@cortex-os/kernel/router';
import { createOpenAiCompatibleClient } from '@cortex-os/provider-kit';
import { startFakeOpenAiChatServer } from '@cortex-os/provider-kit/testing';

const weather: ModelToolDefinition = {
  name: 'weather',
  description: 'The weather in a city now.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

it('calls a tool, sends its result back, and streams the answer', async () => {
  await using fake = await startFakeOpenAiChatServer({
    reply: (request) =>
      request.stream
        ? { text: 'Clear sky in Oslo.', usage: { inputTokens: 60, outputTokens: 5 }, chunkSize: 6 }
        : { toolCalls: [{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }] },
  });
  const client = createOpenAiCompatibleClient({ baseUrl: fake.url, providerName: 'fake' });
  const messages: ChatMessage[] = [{ role: 'user', content: 'Weather in Oslo?' }];

  const first = await client.chatCompletion(messages, { model: 'fake-model', tools: [weather], toolChoice: 'required' });
  expect(first.toolCalls).toEqual([{ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }]);
  messages.push({ role: 'assistant', content: first.text, toolCalls: first.toolCalls ?? [] });
  messages.push({ role: 'tool', toolCallId: 'call_1', content: '{"sky":"clear"}' });

  const parts = client.streamChatCompletion(messages, { model: 'fake-model', tools: [weather] });
  const answer = await collectModelStream(parts);
  expect(answer).toEqual({ text: 'Clear sky in Oslo.', toolCalls: [], finishReason: 'stop', usage: { inputTokens: 60, outputTokens: 5 } });
  expect(fake.rejections).toEqual([]); // both requests had the documented shape
});
