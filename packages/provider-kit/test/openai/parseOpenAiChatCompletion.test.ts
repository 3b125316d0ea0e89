import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createOpenAiCompatibleClient } from '@cortex-os/provider-kit';
import { sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';
import { parseOpenAiChatCompletion } from '../../src/openai/parseOpenAiChatCompletion.js';

const completion = (message: unknown, finish: unknown = 'stop') => ({
  model: 'm-1',
  choices: [{ index: 0, message, finish_reason: finish }],
});

describe('parseOpenAiChatCompletion', () => {
  it('reads what compatible servers send besides OpenAI: calls without ids, arguments as objects, no finish reason', () => {
    const result = parseOpenAiChatCompletion(
      completion(
        {
          content: null,
          tool_calls: [{ function: { name: 'weather', arguments: { city: 'Oslo' } } }, { id: 'x', function: { name: 'now' } }],
        },
        null,
      ),
      'asked',
    );
    expect(result).toEqual({
      model: 'm-1',
      text: '',
      finishReason: 'tool_calls',
      toolCalls: [
        { id: 'call_0', name: 'weather', arguments: '{"city":"Oslo"}' },
        { id: 'x', name: 'now', arguments: '' },
      ],
    });
  });

  it("returns a strict model's refusal as the text", () => {
    expect(parseOpenAiChatCompletion(completion({ content: null, refusal: 'I cannot help with that.' }), 'asked')).toEqual({
      model: 'm-1',
      text: 'I cannot help with that.',
      finishReason: 'stop',
    });
  });

  it.each([
    ['no choices', { model: 'm' }, 'expected `choices[0].message` to be an object'],
    ['content that is not text', completion({ content: 42 }), 'expected `choices[0].message.content` to be a string or null'],
    [
      'tool calls that are not a list',
      completion({ content: null, tool_calls: {} }),
      'expected `choices[0].message.tool_calls` to be an array',
    ],
    [
      'a tool call without a name',
      completion({ content: null, tool_calls: [{ id: 'c', function: { arguments: '{}' } }] }),
      'tool call 0 has no `function.name`',
    ],
  ])('says what is wrong with a body with %s', (_what, body, problem) => {
    expect(parseOpenAiChatCompletion(body, 'asked')).toBe(problem);
  });

  it('makes the client fail such a body as an invalid response', async () => {
    await using server = await startTestHttpServer((_request, response) => sendJson(response, 200, completion({ content: 42 })));
    const client = createOpenAiCompatibleClient({ baseUrl: server.url, providerName: 'p' });
    const error = await expectCortexError(client.chatCompletion([], { model: 'm' }), 'PROVIDER_REQUEST_FAILED');
    expect(error.message).toBe(
      'Provider "p" answered POST /chat/completions with an invalid body: expected `choices[0].message.content` to be a string or null.',
    );
    expect(CortexError.is(error.cause, 'OPENAI_RESPONSE_INVALID')).toBe(true);
  });
});
