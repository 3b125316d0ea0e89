import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { toModelTools } from '@cortex-os/kernel/router';

const weather = defineTool({
  name: 'weather',
  description: 'Weather in a city.',
  input: z.object({ city: z.string().describe('City name'), days: z.number().int().default(1) }),
  handler: ({ city }) => ({ city }),
});

describe('toModelTools', () => {
  it('offers a tool with the same JSON Schema MCP clients see in the registry', () => {
    const registry = createToolRegistry();
    registry.register(weather);
    const [listed] = registry.list();
    const [offered] = toModelTools([weather]);
    expect(offered).toEqual({ name: 'weather', description: 'Weather in a city.', inputSchema: listed?.inputSchema });
    expect(offered?.inputSchema).toMatchObject({
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' }, days: { type: 'integer', default: 1 } },
      required: ['city'],
    });
  });

  it('takes registry descriptors as they are, without their output schema or annotations', () => {
    const descriptor = { name: 'x', description: 'X.', inputSchema: { type: 'object' }, annotations: { readOnlyHint: true } };
    expect(toModelTools([descriptor])).toEqual([{ name: 'x', description: 'X.', inputSchema: { type: 'object' } }]);
  });

  it('derives a definition’s schema once and reuses it across turns', () => {
    const [first] = toModelTools([weather]);
    const [second] = toModelTools([weather]);
    expect(second).toBe(first);
  });
});
