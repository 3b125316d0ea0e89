import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { toModelResponseFormat, toModelTools } from '@cortex-os/kernel/router';
import { toWorkerGenerateParams } from '../../src/provider/workerGeneration.js';

const weather = defineTool({
  name: 'weather',
  description: 'The weather in a city.',
  input: z.object({ city: z.string() }),
  handler: () => ({}),
});

describe('toWorkerGenerateParams', () => {
  it('sends the kernel messages as they are, with tools and the default tool choice', () => {
    const messages = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' }] },
      { role: 'tool', toolCallId: 'c1', content: 'sunny' },
    ] as const;
    const params = toWorkerGenerateParams('m', messages, { tools: toModelTools([weather]), maxTokens: 9, temperature: 0 }, true);
    expect(params).toEqual({
      model: 'm',
      messages,
      stream: true,
      max_tokens: 9,
      temperature: 0,
      tools: [{ name: 'weather', description: 'The weather in a city.', inputSchema: expect.objectContaining({ type: 'object' }) }],
      tool_choice: 'auto',
    });
    expect(toWorkerGenerateParams('m', messages, { tools: [], toolChoice: 'none' }, false)).toEqual({
      model: 'm',
      messages,
      stream: false,
    });
  });

  it('asks for structured output in the system message, since mlx-lm cannot constrain it', () => {
    const format = toModelResponseFormat('city', z.object({ name: z.string() }), 'A city');
    const instruction = `Reply with only a JSON value, without prose or code fences, that matches the JSON Schema "city" (A city): ${JSON.stringify(format.schema)}`;
    const alone = toWorkerGenerateParams('m', [{ role: 'user', content: 'Paris?' }], { responseFormat: format }, false);
    expect(alone['messages']).toEqual([
      { role: 'system', content: instruction },
      { role: 'user', content: 'Paris?' },
    ]);
    const merged = toWorkerGenerateParams(
      'm',
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Paris?' },
      ],
      {
        responseFormat: { ...format, description: undefined as never },
      },
      false,
    );
    expect((merged['messages'] as { content: string }[])[0]?.content).toMatch(
      /^Be brief\.\n\nReply with only a JSON value, .* JSON Schema "city": /,
    );
    expect(merged['messages']).toHaveLength(2);
  });
});
