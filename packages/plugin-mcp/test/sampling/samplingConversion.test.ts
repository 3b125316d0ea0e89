import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import type { ChatMessage, ModelToolDefinition } from '@cortex-os/kernel/router';
import { fromSamplingResult } from '../../src/sampling/fromSamplingResult.js';
import { toSamplingRequest } from '../../src/sampling/toSamplingRequest.js';

const weather: ModelToolDefinition = {
  name: 'weather',
  description: 'Weather for a city.',
  inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const clock: ModelToolDefinition = { name: 'clock', description: 'The time.', inputSchema: { type: 'object' } };

describe('toSamplingRequest: a chat as sampling/createMessage parameters', () => {
  it('moves system messages to the system prompt and keeps user turns in order', () => {
    const params = toSamplingRequest(
      'mcp-sampling',
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'system', content: 'Answer in French.' },
      ],
      { temperature: 0.2, model: 'claude-x' },
      512,
    );
    expect(params).toEqual({
      systemPrompt: 'Be brief.\n\nAnswer in French.',
      messages: [{ role: 'user', content: { type: 'text', text: 'Hi' } }],
      maxTokens: 512,
      temperature: 0.2,
      modelPreferences: { hints: [{ name: 'claude-x' }] },
    });
  });

  it('sends tool calls as tool_use blocks and consecutive tool results as one user turn', () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: 'Looking.',
        toolCalls: [
          { id: 'c1', name: 'weather', arguments: '{"city":"Paris"}' },
          { id: 'c2', name: 'weather', arguments: '{"city":"Oslo"}' },
        ],
      },
      { role: 'tool', toolCallId: 'c1', content: '{"sky":"sunny"}' },
      { role: 'tool', toolCallId: 'c2', content: '{"sky":"snow"}' },
      { role: 'assistant', content: 'Sunny in Paris, snow in Oslo.' },
    ];
    const params = toSamplingRequest('mcp-sampling', history, { tools: [weather], maxTokens: 100 }, 512);
    expect(params.messages).toEqual([
      { role: 'user', content: { type: 'text', text: 'Weather in Paris and Oslo?' } },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'c1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'c2', name: 'weather', input: { city: 'Oslo' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', toolUseId: 'c1', content: [{ type: 'text', text: '{"sky":"sunny"}' }] },
          { type: 'tool_result', toolUseId: 'c2', content: [{ type: 'text', text: '{"sky":"snow"}' }] },
        ],
      },
      { role: 'assistant', content: { type: 'text', text: 'Sunny in Paris, snow in Oslo.' } },
    ]);
    expect(params.tools).toEqual([{ name: 'weather', description: 'Weather for a city.', inputSchema: weather.inputSchema }]);
    expect(params.maxTokens).toBe(100);
    expect(params).not.toHaveProperty('toolChoice');
  });

  it.each([
    ['auto', { mode: 'auto' }, ['weather', 'clock']],
    ['none', { mode: 'none' }, ['weather', 'clock']],
    ['required', { mode: 'required' }, ['weather', 'clock']],
  ] as const)('passes toolChoice %s as its mode', (choice, mode, names) => {
    const params = toSamplingRequest('p', [{ role: 'user', content: 'x' }], { tools: [weather, clock], toolChoice: choice }, 10);
    expect(params.toolChoice).toEqual(mode);
    expect(params.tools?.map((t) => t.name)).toEqual(names);
  });

  it('emulates a named tool choice by offering only that tool, required (MCP cannot name one)', () => {
    const params = toSamplingRequest('p', [{ role: 'user', content: 'x' }], { tools: [weather, clock], toolChoice: { name: 'clock' } }, 10);
    expect(params.toolChoice).toEqual({ mode: 'required' });
    expect(params.tools?.map((t) => t.name)).toEqual(['clock']);
  });

  it('refuses a response format and tool arguments that are not a JSON object, naming the message', () => {
    const format = () =>
      toSamplingRequest('p', [{ role: 'user', content: 'x' }], { responseFormat: { type: 'json_schema', name: 'a', schema: {} } }, 10);
    expect(format).toThrow(/cannot constrain a reply to a JSON Schema/);
    const broken = () =>
      toSamplingRequest(
        'p',
        [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: '', toolCalls: [{ id: 'c9', name: 'weather', arguments: '["Paris"]' }] },
        ],
        {},
        10,
      );
    try {
      broken();
      expect.unreachable('a non-object argument must be refused');
    } catch (error) {
      expect(CortexError.is(error, 'MCP_SAMPLING_REQUEST_INVALID')).toBe(true);
      expect((error as Error).message).toContain('messages[1]: the arguments of tool call "c9" are not a JSON object');
      expect((error as CortexError).kind).toBe('invalid-input');
    }
  });

  it('keeps every tool input object through the round trip to a tool call and back (property)', () => {
    const input = fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue(), { maxKeys: 5 });
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.uuid(), input), { selector: ([id]) => id, maxLength: 4 }), (calls) => {
        const answer = fromSamplingResult('p', {
          model: 'm',
          role: 'assistant',
          content: calls.map(([id, args]) => ({ type: 'tool_use', id, name: 'weather', input: args })),
        });
        const history: ChatMessage[] = [{ role: 'assistant', content: answer.text, toolCalls: answer.toolCalls ?? [] }];
        const params = toSamplingRequest('p', history, {}, 10);
        const sent = params.messages[0]?.content;
        const blocks = Array.isArray(sent) ? sent : [sent];
        expect(blocks.filter((b) => b?.type === 'tool_use')).toEqual(
          calls.map(([id, args]) => ({ type: 'tool_use', id, name: 'weather', input: JSON.parse(JSON.stringify(args)) })),
        );
      }),
      { seed: 1612, numRuns: 200 },
    );
  });
});

describe('fromSamplingResult: a client answer as a generate result', () => {
  it('reads a plain answer', () => {
    expect(
      fromSamplingResult('p', { model: 'claude-x', role: 'assistant', stopReason: 'endTurn', content: { type: 'text', text: 'Hi.' } }),
    ).toEqual({ model: 'claude-x', text: 'Hi.', finishReason: 'stop' });
  });

  it('reads text and tool_use blocks, with arguments as JSON text', () => {
    expect(
      fromSamplingResult('p', {
        model: 'm',
        role: 'assistant',
        stopReason: 'toolUse',
        content: [
          { type: 'text', text: 'Checking ' },
          { type: 'text', text: 'now.' },
          { type: 'tool_use', id: 'u1', name: 'weather', input: { city: 'Paris' } },
        ],
      }),
    ).toEqual({
      model: 'm',
      text: 'Checking now.',
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'u1', name: 'weather', arguments: '{"city":"Paris"}' }],
    });
  });

  it.each([
    ['maxTokens', 'length'],
    ['stopSequence', 'stop'],
    ['someClientReason', 'stop'],
  ] as const)('maps stop reason %s to %s', (stopReason, finishReason) => {
    expect(fromSamplingResult('p', { model: 'm', role: 'assistant', stopReason, content: { type: 'text', text: '' } }).finishReason).toBe(
      finishReason,
    );
  });

  it('keeps length when a reply with calls was cut off by maxTokens', () => {
    const result = fromSamplingResult('p', {
      model: 'm',
      role: 'assistant',
      stopReason: 'maxTokens',
      content: [{ type: 'tool_use', id: 'u', name: 'clock', input: {} }],
    });
    expect(result.finishReason).toBe('length');
  });

  it('finishes with tool_calls when a client sends calls but says endTurn', () => {
    const result = fromSamplingResult('p', {
      model: 'm',
      role: 'assistant',
      stopReason: 'endTurn',
      content: [{ type: 'tool_use', id: 'u', name: 'clock', input: {} }],
    });
    expect(result.finishReason).toBe('tool_calls');
  });

  it('infers tool_calls when a client sends calls without a stop reason', () => {
    const result = fromSamplingResult('p', {
      model: 'm',
      role: 'assistant',
      content: [{ type: 'tool_use', id: 'u', name: 'clock', input: {} }],
    });
    expect(result.finishReason).toBe('tool_calls');
  });

  it.each([[null], [{}], [{ model: 'm', content: 'text' }], [{ model: 3, content: { type: 'text', text: '' } }]])(
    'reports a malformed answer %j as a failed provider request',
    (raw) => {
      try {
        fromSamplingResult('mcp-sampling', raw);
        expect.unreachable('a malformed answer must be refused');
      } catch (error) {
        expect(CortexError.is(error, 'PROVIDER_REQUEST_FAILED')).toBe(true);
        expect((error as CortexError).details).toMatchObject({ provider: 'mcp-sampling', reason: 'malformed-sampling-result' });
      }
    },
  );
});
