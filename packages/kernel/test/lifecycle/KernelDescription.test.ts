import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createKernel,
  createToken,
  defineEvent,
  definePlugin,
  defineTool,
  defineExtensionPoint,
  kernelDescriptionToMermaid,
  kernelExtensionPoints,
  kernelTokens,
  optional,
} from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

const storeToken = createToken<{ n: number }>('demo.store');
const cacheToken = createToken<{ n: number }>('demo.cache');
const hookPoint = defineExtensionPoint<string>({ id: 'demo.hook' });
const saved = defineEvent({ type: 'demo.saved', version: '1.0.0', data: z.object({ id: z.string() }) });

describe('kernel.describe()', () => {
  it('describes plugins with their tokens, contracts and events, the tools and the event types', async () => {
    const store = definePlugin({
      name: 'store',
      version: '1.2.0',
      description: 'Keeps things.',
      provides: { store: storeToken },
      extensionPoints: { hooks: hookPoint },
      contributes: { tools: kernelExtensionPoints.tools },
      events: [saved],
      start: () => ({
        store: { n: 1 },
        tools: defineTool({ name: 'store.count', description: 'Counts.', input: z.object({}), handler: () => ({}) }),
      }),
    });
    const api = definePlugin({
      name: 'api',
      version: '0.1.0',
      requires: { store: storeToken, cache: optional(cacheToken), tools: kernelTokens.tools },
      requiresContracts: { 'demo.saved': '^1' },
      start: ({ tools }) =>
        void tools.register(defineTool({ name: 'api.ping', description: 'Pings.', input: z.object({}), handler: () => ({}) })),
    });
    await using kernel = createKernel({ plugins: [api(), store()], logger: silentLogger() });
    await kernel.start();
    const description = kernel.describe();
    expect(description.state).toBe('started');
    expect(description.plugins).toEqual([
      {
        name: 'store',
        version: '1.2.0',
        description: 'Keeps things.',
        dependsOn: [],
        provides: ['demo.store'],
        requires: [],
        contracts: [],
        events: ['demo.saved@1.0.0'],
        requiresContracts: {},
        extensionPoints: ['demo.hook'],
        contributions: { 'kernel.tool': ['store.count'] },
      },
      {
        name: 'api',
        version: '0.1.0',
        dependsOn: ['store'],
        provides: [],
        requires: [
          { token: 'demo.store', optional: false },
          { token: 'demo.cache', optional: true },
          { token: 'kernel.tools', optional: false },
        ],
        contracts: [],
        events: [],
        requiresContracts: { 'demo.saved': '^1' },
        extensionPoints: [],
        contributions: {},
      },
    ]);
    expect(description.tools).toEqual([
      { name: 'api.ping', description: 'Pings.' },
      { name: 'store.count', description: 'Counts.' },
    ]);
    expect(description.extensionPoints.at(-1)).toEqual({ id: 'demo.hook', declaredBy: 'store' });
    expect(description.events).toEqual([
      'bus.subscriber.failed',
      'demo.saved',
      'tool.execution.completed',
      'tool.execution.failed',
      'tool.execution.started',
      'tool.registry.changed',
    ]);
    expect(description.kernelTokens).toContain('kernel.events');
    expect(JSON.parse(JSON.stringify(description))).toEqual(description);

    const mermaid = kernelDescriptionToMermaid(description);
    expect(mermaid.startsWith('flowchart LR\n')).toBe(true);
    expect(mermaid).toContain('p_store -- provides --> t_demo_store');
    expect(mermaid).toContain('t_demo_store -- requires --> p_api');
    expect(mermaid).toContain('t_demo_cache -. optional .-> p_api');
    expect(mermaid).toContain('tool_api_ping[/"tool api.ping"/]');
    expect(mermaid).toContain('x_kernel_tool{{"kernel.tool"}}');
    expect(mermaid).toContain('p_store -- contributes --> x_kernel_tool');
    expect(mermaid).toContain('x_demo_hook -. read by .-> p_store');
  });
});
