import { describe, expect, it } from 'vitest';
import { toOllamaMessages } from '../../src/chat/toOllamaMessages.js';

describe('toOllamaMessages', () => {
  it('passes system and user messages as they are', () => {
    expect(
      toOllamaMessages([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ]),
    ).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ]);
  });

  it('sends tool calls with object arguments, and names the tool of each result', () => {
    expect(
      toOllamaMessages([
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_a', name: 'get_temperature', arguments: '{"city":"Paris"}' },
            { id: 'call_b', name: 'get_conditions', arguments: '' },
          ],
        },
        { role: 'tool', toolCallId: 'call_b', content: 'sunny' },
        { role: 'tool', toolCallId: 'call_a', content: '22°C' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          { id: 'call_a', function: { index: 0, name: 'get_temperature', arguments: { city: 'Paris' } } },
          { id: 'call_b', function: { index: 1, name: 'get_conditions', arguments: {} } },
        ],
      },
      { role: 'tool', content: 'sunny', tool_name: 'get_conditions', tool_call_id: 'call_b' },
      { role: 'tool', content: '22°C', tool_name: 'get_temperature', tool_call_id: 'call_a' },
    ]);
  });

  it("sends a model's broken arguments back as {} (Ollama takes objects only)", () => {
    const [message] = toOllamaMessages([
      {
        role: 'assistant',
        content: '',
        toolCalls: [
          { id: 'x', name: 'f', arguments: '{"city": "Par' },
          { id: 'y', name: 'f', arguments: '[1, 2]' },
        ],
      },
    ]);
    expect(message?.tool_calls?.map((call) => call.function.arguments)).toEqual([{}, {}]);
  });

  it('matches a repeated id to the latest call before the result, and sends an unknown id without a name', () => {
    const messages = toOllamaMessages([
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_0_x', name: 'search', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_0_x', content: 'r1' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_0_x', name: 'answer', arguments: '{}' }] },
      { role: 'tool', toolCallId: 'call_0_x', content: 'r2' },
      { role: 'tool', toolCallId: 'nobody', content: 'r3' },
    ]);
    expect(messages.filter((message) => message.role === 'tool')).toEqual([
      { role: 'tool', content: 'r1', tool_name: 'search', tool_call_id: 'call_0_x' },
      { role: 'tool', content: 'r2', tool_name: 'answer', tool_call_id: 'call_0_x' },
      { role: 'tool', content: 'r3', tool_call_id: 'nobody' },
    ]);
  });
});
