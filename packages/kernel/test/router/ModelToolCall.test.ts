import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { parseModelToolCall } from '@cortex-os/kernel/router';
import { expectCortexError } from '@cortex-os/kernel/testing';

const weather = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string(), days: z.number().int().default(1), units: z.object({ metric: z.boolean() }).optional() }),
  handler: ({ city }) => ({ city }),
});
const clock = defineTool({ name: 'clock', description: 'The time.', input: z.object({}), handler: () => ({}) });
const tools = [weather, clock];

describe('parseModelToolCall', () => {
  it('parses the arguments and applies the tool schema, keeping what the model sent', () => {
    const parsed = parseModelToolCall({ id: 'call_1', name: 'weather', arguments: '{"city":"Oslo"}' }, tools);
    expect(parsed.id).toBe('call_1');
    expect(parsed.tool).toBe(weather);
    expect(parsed.arguments).toEqual({ city: 'Oslo' });
    expect(parsed.input).toEqual({ city: 'Oslo', days: 1 });
  });

  it('takes empty arguments as an empty object (backends send none for tools without parameters)', () => {
    expect(parseModelToolCall({ id: 'c', name: 'clock', arguments: ' ' }, tools).input).toEqual({});
  });

  it('names the tool and every invalid field path', async () => {
    const error = await expectCortexError(
      () => parseModelToolCall({ id: 'call_2', name: 'weather', arguments: '{"days":1.5,"units":{"metric":"yes"}}' }, tools),
      'PROVIDER_TOOL_CALL_INVALID',
    );
    expect(error.kind).toBe('upstream-failed');
    expect(error.message).toMatch(/^The model's call "call_2" of tool "weather" is invalid: /);
    expect(error.details['tool']).toBe('weather');
    expect(error.details['toolCallId']).toBe('call_2');
    const issues = error.details['issues'] as { path: string; code: string }[];
    expect(issues.map((issue) => issue.path).sort()).toEqual(['city', 'days', 'units.metric']);
    expect(error.message).toContain('units.metric: ');
    expect(error.details['arguments']).toBe('{"days":1.5,"units":{"metric":"yes"}}');
  });

  it('refuses arguments that are not JSON, keeping the parse error as cause', async () => {
    const error = await expectCortexError(
      () => parseModelToolCall({ id: 'c3', name: 'weather', arguments: '{"city":' }, tools),
      'PROVIDER_TOOL_CALL_INVALID',
    );
    expect(error.message).toBe(`The model's call "c3" of tool "weather" is invalid: its arguments are not valid JSON.`);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses a tool that was not offered and lists those that were', async () => {
    const error = await expectCortexError(
      () => parseModelToolCall({ id: 'c4', name: 'rm_rf', arguments: '{}' }, tools),
      'PROVIDER_TOOL_CALL_INVALID',
    );
    expect(error.message).toBe(`The model's call "c4" of tool "rm_rf" is invalid: no such tool was offered (offered: weather, clock).`);
    expect(error.details['offered']).toEqual(['weather', 'clock']);
  });
});
