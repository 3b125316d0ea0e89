import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { createTestTool, expectCortexError, type TestToolCall } from '@cortex-os/kernel/testing';

const cityInput = z.object({ city: z.string() });
const skyOutput = z.object({ sky: z.string() });

/** A plain definition, not yet checked by defineTool: createTestTool checks it. */
const weather = {
  name: 'weather.today',
  description: 'Says the weather.',
  input: cityInput,
  output: skyOutput,
  handler: ({ city }) => ({ sky: city === 'Paris' ? 'sunny' : 'grey' }),
} satisfies ToolDefinition<typeof cityInput, typeof skyOutput>;

describe('createTestTool', () => {
  it('registers a tool for the block and unregisters it on dispose', async () => {
    const tools = createToolRegistry();
    {
      await using tool = createTestTool(tools, weather);
      expect(tool.name).toBe('weather.today');
      expect(tools.has('weather.today')).toBe(true);
      expect((await tools.call('weather.today', { city: 'Paris' })).structured).toEqual({ sky: 'sunny' });
    }
    expect(tools.has('weather.today')).toBe(false);
  });

  it('records each call the handler receives: validated input and context', async () => {
    const tools = createToolRegistry();
    using tool = createTestTool(tools, defineTool(weather));
    await tools.call('weather.today', { city: 'Paris' }, { correlationId: 'corr-1', caller: { transport: 'rest' } });
    await tools.call('weather.today', { city: 'Oslo' });
    await expectCortexError(tools.call('weather.today', { town: 'Rome' }), 'TOOL_INPUT_INVALID');
    expect(tool.calls.map((call) => call.input)).toEqual([{ city: 'Paris' }, { city: 'Oslo' }]);
    expect(tool.calls[0]?.context).toMatchObject({ toolName: 'weather.today', correlationId: 'corr-1', caller: { transport: 'rest' } });
    expectTypeOf(tool.calls).toEqualTypeOf<readonly TestToolCall<{ city: string }>[]>();
  });

  it('keeps the tool checks: output validation, names and duplicates', async () => {
    const tools = createToolRegistry();
    using _lying = createTestTool(tools, { ...weather, name: 'weather.lying', handler: () => ({ sky: 42 }) as never });
    await expectCortexError(tools.call('weather.lying', { city: 'Paris' }), 'TOOL_OUTPUT_INVALID');
    await expectCortexError(() => createTestTool(tools, { ...weather, name: 'bad name' }), 'TOOL_DEFINITION_INVALID');
    await expectCortexError(() => createTestTool(tools, { ...weather, name: 'weather.lying' }), 'TOOL_DUPLICATE');
  });

  it('never removes a newer tool registered under the same name', () => {
    const tools = createToolRegistry();
    const first = createTestTool(tools, weather);
    tools.unregister('weather.today');
    const newer = defineTool({ ...weather, description: 'The newer one.' });
    tools.register(newer);
    first[Symbol.dispose]();
    expect(tools.get('weather.today')).toBe(newer);
  });
});
