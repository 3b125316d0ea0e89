import { defineTool } from '@cortex-os/kernel';
import { defineAgent } from '@cortex-os/plugin-agents';
import type { ModelProvider } from '@cortex-os/kernel/router';
import type { ScriptedModelRequest } from '@cortex-os/provider-kit/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startAgentKernel } from '../support/agentKernel.js';

const areas = ['files', 'mail', 'calendar', 'billing', 'crm', 'deploy', 'metrics', 'search', 'chat', 'images'];
const verbs = ['list', 'get', 'create', 'update', 'delete', 'archive', 'export', 'import', 'count', 'share'];
const things = ['items', 'records', 'entries', 'reports', 'users', 'groups', 'tags', 'notes', 'links', 'jobs'];

/** 199 plausible tools and the one the model needs. */
function manyTools() {
  const tools = areas.flatMap((area, a) =>
    verbs.flatMap((verb, v) =>
      things
        .filter((_, t) => (a + v + t) % 5 === 0)
        .map((thing) =>
          defineTool({
            name: `${area}.${verb}_${thing}`,
            description: `${verb[0]?.toUpperCase()}${verb.slice(1)}s the ${thing} of the ${area} service.`,
            input: z.object({ id: z.string().optional() }),
            annotations: { readOnlyHint: true },
            handler: () => ({ ok: true }),
          }),
        ),
    ),
  );
  const convert = defineTool({
    name: 'units.celsius_to_fahrenheit',
    description: 'Converts a temperature from degrees Celsius to degrees Fahrenheit.',
    input: z.object({ celsius: z.number().describe('The temperature in degrees Celsius.') }),
    annotations: { readOnlyHint: true },
    handler: ({ celsius }) => ({ fahrenheit: (celsius * 9) / 5 + 32 }),
  });
  return [...tools.slice(0, 199), convert];
}

describe('tool search', () => {
  it('offers only tools.search to an agent with 200 tools, finds the right one, and loads it for the next step', async () => {
    const tools = manyTools();
    expect(tools).toHaveLength(200);
    const agent = defineAgent({
      name: 'swiss',
      description: 'Does everything.',
      instructions: 'Find the tool, then use it.',
      tools: ['*'],
    });
    const pickFirst = (request: ScriptedModelRequest) => {
      const found = JSON.parse(request.messages.at(-1)?.content ?? '{}') as { tools: { name: string }[] };
      return { toolCalls: [{ name: found.tools[0]?.name ?? 'none', arguments: { celsius: 100 } }] };
    };
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools,
      model: {
        script: [
          { toolCalls: [{ name: 'tools.search', arguments: { query: 'convert a temperature from Celsius to Fahrenheit' } }] },
          pickFirst,
          { text: '100 °C is 212 °F.' },
        ],
      },
    });
    const result = await runtime.agents.run('swiss', { input: 'What is 100 °C in °F?' });
    expect(result).toMatchObject({ status: 'completed', output: '100 °C is 212 °F.' });
    const [first, second] = runtime.model.requests;
    expect(first?.options.tools?.map((tool) => tool.name)).toEqual(['tools.search']);
    const found = JSON.parse(result.steps[0]?.toolCalls[0]?.content ?? '') as { tools: { name: string }[] };
    expect(found.tools[0]?.name).toBe('units.celsius_to_fahrenheit');
    expect(found.tools.length).toBeLessThanOrEqual(5);
    expect(second?.options.tools?.map((tool) => tool.name)).toEqual(['tools.search', ...found.tools.map((tool) => tool.name)]);
    expect(result.steps[1]?.toolCalls[0]).toMatchObject({ tool: 'units.celsius_to_fahrenheit', content: '{"fahrenheit":212}' });
    // Offering one meta-tool instead of 200 schemas keeps the first request small.
    expect(result.steps[0]?.request.estimatedInputTokens).toBeLessThan(300);
  });

  it('offers every tool when the agent allows no more than its threshold, or turns search off', async () => {
    const tools = manyTools();
    const few = defineAgent({
      name: 'few',
      description: 'Few.',
      instructions: 'Go.',
      tools: ['units.*', 'mail.*'],
      toolSearch: { threshold: 30 },
    });
    const all = defineAgent({ name: 'all', description: 'All.', instructions: 'Go.', tools: ['*'], toolSearch: false });
    await using runtime = await startAgentKernel({ agents: [few, all], tools, model: { script: [{ text: 'a' }, { text: 'b' }] } });
    await runtime.agents.run('few', { input: 'Go.' });
    await runtime.agents.run('all', { input: 'Go.' });
    expect(runtime.model.requests[0]?.options.tools?.map((tool) => tool.name)).not.toContain('tools.search');
    expect(runtime.model.requests[1]?.options.tools).toHaveLength(200);
  });

  it('blends in semantic similarity when the runtime has an embedder', async () => {
    // A stand-in embedder with one dimension per concept, so "warm" and "Celsius" meet where no keyword does.
    const concepts = [['temperature', 'celsius', 'fahrenheit', 'warm', 'hot', 'degrees'], ['mail'], ['files'], ['billing']];
    const embedder: ModelProvider = {
      name: 'concepts',
      capabilities: {
        operations: ['embed'],
        locality: 'local',
        relativeCost: 0,
        embedding: { model: 'concepts-4', dimensions: 4, modalities: ['text'] },
      },
      health: async () => ({ available: true }),
      embed: async (inputs) => ({
        model: 'concepts-4',
        dimensions: 4,
        vectors: inputs.map((input) => {
          const words = String(input)
            .toLowerCase()
            .split(/[^a-z]+/);
          return Float32Array.from(concepts.map((concept) => words.filter((word) => concept.includes(word)).length));
        }),
      }),
    };
    const agent = defineAgent({ name: 'swiss', description: 'Does everything.', instructions: 'Find.', tools: ['*'] });
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: manyTools(),
      providers: [embedder],
      model: { script: [{ toolCalls: [{ name: 'tools.search', arguments: { query: 'is it warm or hot' } }] }, { text: 'ok' }] },
    });
    const result = await runtime.agents.run('swiss', { input: 'Go.' });
    const found = JSON.parse(result.steps[0]?.toolCalls[0]?.content ?? '') as { tools: { name: string }[] };
    expect(found.tools[0]?.name).toBe('units.celsius_to_fahrenheit');
  });

  it('tells the model when its search call is malformed', async () => {
    const agent = defineAgent({ name: 'swiss', description: 'Does everything.', instructions: 'Find.', tools: ['*'] });
    await using runtime = await startAgentKernel({
      agents: [agent],
      tools: manyTools(),
      model: { script: [{ toolCalls: [{ name: 'tools.search', arguments: { limit: 99 } }] }, { text: 'ok' }] },
    });
    const result = await runtime.agents.run('swiss', { input: 'Go.' });
    expect(result.steps[0]?.toolCalls[0]).toMatchObject({ outcome: 'invalid', error: { code: 'PROVIDER_TOOL_CALL_INVALID' } });
    expect(result.steps[0]?.toolCalls[0]?.content).toContain('query: a non-empty string is required');
  });
});
