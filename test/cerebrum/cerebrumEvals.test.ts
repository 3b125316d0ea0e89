// `cerebrum.evals` through the transports a client uses, in a real runtime on 127.0.0.1: a
// registered dataset over REST (an unauthenticated caller runs as `anonymous`), inline cases
// compared across two configurations over MCP with the SDK's client (its client name is its
// principal), a case that hits an approval failing by name, and bad input refused naming the
// field. The scripted model drives the agents; the tools, the memory (SQLite file, local embedder)
// and the transports are real: the forecaster writes its answers to memory in the caller's `user` scope.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineTool } from '@cortex-os/kernel';
import { defineAgent } from '@cortex-os/plugin-agents';
import { cerebrumPlugin, parseEvalDataset } from '@cortex-os/plugin-cerebrum';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLoopbackRuntime } from './startLoopbackRuntime.js';

const dir = mkdtempSync(join(tmpdir(), 'cerebrum-evals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const alerts: string[] = [];
const tools = [
  defineTool({
    name: 'weather',
    description: 'The weather in a city.',
    input: z.object({ city: z.string() }),
    annotations: { readOnlyHint: true },
    handler: ({ city }) => ({ city, sky: 'sunny' }),
  }),
  // Not read-only: the agents' default policy asks a person before it runs, and an eval never does.
  defineTool({
    name: 'alert.send',
    description: 'Sends a weather alert.',
    input: z.object({ text: z.string() }),
    handler: ({ text }) => {
      alerts.push(text);
      return { sent: true };
    },
  }),
];

const agents = [
  defineAgent({
    name: 'forecaster',
    description: 'Weather.',
    instructions: 'Look it up.',
    tools: ['weather', 'alert.send'],
    memory: { scope: ['user'], writeBack: ['answer'] },
  }),
  defineAgent({ name: 'guesser', description: 'Guesses.', instructions: 'Guess.' }),
];

const dataset = parseEvalDataset({
  kind: 'cortex-eval-dataset',
  name: 'weather',
  version: '1',
  cases: [{ id: 'oslo', input: 'Weather in Oslo?', expect: { contains: ['sunny'], tools: ['weather'] } }],
});

describe('cerebrum.evals over REST and MCP', () => {
  it('runs a registered dataset over REST and inline cases compared over MCP, as each caller, never approving', async () => {
    const script = [
      { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Sunny in Oslo.' },
      // MCP, configuration `tools`: the storm case asks to send an alert, then the Oslo case.
      { toolCalls: [{ name: 'alert.send', arguments: { text: 'Storm' } }] },
      { text: 'No alert sent; sunny anyway.' },
      { toolCalls: [{ name: 'weather', arguments: { city: 'Oslo' } }] },
      { text: 'Sunny in Oslo.' },
      // Configuration `guess`.
      { text: 'Sunny, I guess.' },
      { text: 'Sunny, surely.' },
    ];
    await using runtime = await startLoopbackRuntime('cerebrum-evals', {
      model: createScriptedModelProvider({ script }),
      tools,
      agents,
      plugins: [
        localEmbeddersPlugin(),
        memoryPlugin({ dataDir: join(dir, 'memory'), store: { kind: 'sqlite' } }),
        cerebrumPlugin({
          recallLimit: 0,
          durable: false,
          evals: {
            configurations: [
              { name: 'tools', agent: 'forecaster' },
              { name: 'guess', agent: 'guesser' },
            ],
            datasets: [dataset],
            maxCases: 2,
          },
        }),
      ],
    });
    const rest = await runtime.post('cerebrum.evals', { dataset: 'weather' });
    expect(rest.status).toBe(200);
    const { structured } = (await rest.json()) as { structured: { reports: { cases: Record<string, unknown>[] }[] } };
    expect(structured).toMatchObject({
      runAs: 'anonymous',
      dataset: { name: 'weather', version: '1' },
      reports: [{ passed: 1, successRate: 100 }],
    });
    expect(structured.reports[0]?.cases[0]).toMatchObject({ id: 'oslo', passed: true, steps: 2, trajectory: ['weather'] });
    expect(structured.reports[0]?.cases[0]).toEqual(expect.objectContaining({ tokens: expect.any(Number), wallMs: expect.any(Number) }));

    const client = await runtime.mcp('evaluator');
    const cases = [
      { id: 'storm', input: 'Warn Oslo of the storm', expect: { contains: ['sunny'] } },
      { id: 'oslo', input: 'Weather in Oslo?', expect: { contains: ['sunny'] } },
    ];
    const mcp = await client.callTool({ name: 'cerebrum.evals', arguments: { cases, compareWith: 'guess' } });
    expect(mcp.isError).not.toBe(true);
    expect(mcp.structuredContent).toMatchObject({
      runAs: 'evaluator',
      dataset: { name: 'inline' },
      reports: [
        {
          configuration: 'tools',
          passed: 1,
          cases: [{ id: 'storm', failures: ['approval: alert.send needs approval, and an eval never approves'] }, { passed: true }],
        },
        { configuration: 'guess', passed: 2 },
      ],
      comparison: { configurations: ['tools', 'guess'], successRates: [50, 100] },
    });
    expect(alerts).toEqual([]);

    // Each run acted for its caller: the forecaster's answers went to that caller's `user` scope.
    const scoped = async (principal: string) => {
      const { structured: listed } = await runtime.kernel.tools.call('memory.list', { tags: [`user:${principal}`] });
      return (listed as { items: { text: string }[] }).items.map((memory) => memory.text).sort();
    };
    expect(await scoped('anonymous')).toEqual([expect.stringContaining('Sunny in Oslo.')]);
    expect(await scoped('evaluator')).toEqual([expect.stringContaining('No alert sent'), expect.stringContaining('Sunny in Oslo.')]);

    const bad = await runtime.post('cerebrum.evals', { cases: [{ id: 'a', input: 'x', expect: { matches: '(' } }] });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      code: 'TOOL_INPUT_INVALID',
      errors: [expect.objectContaining({ path: 'cases[0].expect.matches', message: 'not a valid regular expression' })],
    });
    expect((await runtime.post('cerebrum.evals', { dataset: '/etc/passwd' })).status).toBe(400);
    const many = await client.callTool({ name: 'cerebrum.evals', arguments: { cases: [...cases, { id: 'x', input: 'x', expect: {} }] } });
    expect(many).toMatchObject({ isError: true, _meta: { 'cortex-os/errorCode': 'TOOL_INPUT_INVALID' } });
  });
});
