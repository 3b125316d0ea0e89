import { describe, expect, it } from 'vitest';
import type { ModelToolDefinition } from '@cortex-os/kernel/router';
import { toOpenAiChatPayload } from '../../src/openai/toOpenAiChatPayload.js';

const lookUp: ModelToolDefinition = {
  name: 'look_up',
  description: 'Looks a word up.',
  inputSchema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { word: { type: 'string' } } },
};
const tag: ModelToolDefinition = {
  name: 'tag',
  description: 'Tags a note.',
  inputSchema: {
    type: 'object',
    properties: { labels: { type: 'object', additionalProperties: { type: 'string' } } },
    required: ['labels'],
  },
};

describe('toOpenAiChatPayload', () => {
  it('maps every kind of message: text, an assistant reply with text and calls, a tool result', () => {
    const { body } = toOpenAiChatPayload(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Define "kernel".' },
        { role: 'assistant', content: 'Looking it up.', toolCalls: [{ id: 'c1', name: 'look_up', arguments: '{"word":"kernel"}' }] },
        { role: 'tool', toolCallId: 'c1', content: '{"meaning":"core"}' },
        { role: 'assistant', content: 'The core.' },
      ],
      { model: 'm', maxTokens: 50, temperature: 0.2 },
    );
    expect(body).toEqual({
      model: 'm',
      max_tokens: 50,
      temperature: 0.2,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Define "kernel".' },
        {
          role: 'assistant',
          content: 'Looking it up.',
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'look_up', arguments: '{"word":"kernel"}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"meaning":"core"}' },
        { role: 'assistant', content: 'The core.' },
      ],
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
    [{ name: 'tag' }, { type: 'function', function: { name: 'tag' } }],
  ] as const)('sends the tool choice %j as %j', (choice, wire) => {
    expect(toOpenAiChatPayload([], { model: 'm', tools: [lookUp, tag], toolChoice: choice }).body['tool_choice']).toEqual(wire);
  });

  it('sends neither tools nor a tool choice when no tools are offered (OpenAI refuses both)', () => {
    const { body } = toOpenAiChatPayload([], { model: 'm', tools: [], toolChoice: 'none' });
    expect(body).not.toHaveProperty('tools');
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('sends schemas exactly as given unless strict schemas are asked for', () => {
    const plain = toOpenAiChatPayload([], { model: 'm', tools: [lookUp] });
    expect(plain.body['tools']).toEqual([
      { type: 'function', function: { name: 'look_up', description: 'Looks a word up.', parameters: lookUp.inputSchema } },
    ]);
    expect(plain.widenedTools.size).toBe(0);
  });

  it('with strict schemas, adapts each schema strict mode can express and sends the others without strict', () => {
    const format = { type: 'json_schema' as const, name: 'word', schema: { type: 'object', properties: { word: { type: 'string' } } } };
    const { body, widenedTools, widenedFormat } = toOpenAiChatPayload([], {
      model: 'm',
      tools: [lookUp, tag],
      responseFormat: format,
      strictSchemas: true,
    });
    expect(body['tools']).toEqual([
      {
        type: 'function',
        function: {
          name: 'look_up',
          description: 'Looks a word up.',
          strict: true,
          parameters: {
            type: 'object',
            properties: { word: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
            required: ['word'],
            additionalProperties: false,
          },
        },
      },
      // A record's keys are open-ended: strict mode cannot say that, so the schema goes as it is.
      { type: 'function', function: { name: 'tag', description: 'Tags a note.', parameters: tag.inputSchema } },
    ]);
    expect(body['response_format']).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'word',
        strict: true,
        schema: {
          type: 'object',
          properties: { word: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
          required: ['word'],
          additionalProperties: false,
        },
      },
    });
    expect([...widenedTools.keys()]).toEqual(['look_up']);
    expect(widenedFormat).toBe(format.schema);
  });
});
