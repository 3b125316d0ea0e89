import { expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { type ChatMessage, parseModelToolCall, toModelTools } from '@cortex-os/kernel/router';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';

const weather = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string() }),
  handler: ({ city }) => ({ city, sky: 'sunny' }),
});

it('runs one tool-calling turn against a scripted model', async () => {
  const model = createScriptedModelProvider({
    script: [{ toolCalls: [{ id: 'c1', name: 'weather', arguments: { city: 'Oslo' } }] }, { text: 'Sunny in Oslo.' }],
  });
  const messages: ChatMessage[] = [{ role: 'user', content: 'Weather in Oslo?' }];
  const tools = toModelTools([weather]);

  const first = await model.generate(messages, { tools });
  expect(first.finishReason).toBe('tool_calls');
  for (const call of first.toolCalls ?? []) {
    const { input } = parseModelToolCall(call, [weather]);
    messages.push({ role: 'assistant', content: first.text, toolCalls: [call] });
    // An agent runs the tool here (e.g. through the kernel's tool registry) and sends back its result.
    messages.push({ role: 'tool', toolCallId: call.id, content: JSON.stringify({ city: input.city, sky: 'sunny' }) });
  }
  const second = await model.generate(messages, { tools });

  expect(second.text).toBe('Sunny in Oslo.');
  expect(model.requests[1]?.messages.at(-1)).toEqual({ role: 'tool', toolCallId: 'c1', content: '{"city":"Oslo","sky":"sunny"}' });
  await expect(model.generate(messages)).rejects.toMatchObject({ code: 'TESTING_SCRIPT_EXHAUSTED' });
});
