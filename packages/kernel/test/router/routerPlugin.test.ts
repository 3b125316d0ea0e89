import { describe, expect, it } from 'vitest';
import { createKernel, definePlugin, healthIndicatorToken, type CloudEvent } from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken, routerFallbackEvent, routerPlugin } from '@cortex-os/kernel/router';
import { silentLogger } from '../support/silentLogger.js';
import { scriptedProvider } from './scriptedProvider.js';

describe('routerPlugin', () => {
  it('routes across every provided provider, publishes fallbacks on the bus, contributes health and closes providers on stop', async () => {
    const primary = scriptedProvider('primary', { embeddingModel: 'm-1', fail: true });
    const secondary = scriptedProvider('secondary', { embeddingModel: 'm-1' });
    let closed = 0;
    const providers = definePlugin({
      name: 'providers',
      version: '1.0.0',
      provides: { providers: modelProviderToken },
      start: () => ({
        providers: [
          { ...primary, close: async () => void closed++ },
          { ...secondary, close: async () => void closed++ },
        ],
      }),
    });
    const kernel = createKernel({
      plugins: [routerPlugin({ order: ['primary', 'secondary'], retry: false }), providers()],
      logger: silentLogger(),
    });
    await kernel.start();
    const fallback = new Promise<CloudEvent>((resolve) => kernel.events.subscribe(routerFallbackEvent, resolve));
    const result = await kernel.get(policyRouterToken).embed(['hello'], {});
    expect(result).toMatchObject({ provider: 'secondary', fellBack: true, model: 'm-1' });
    expect((await fallback).data).toMatchObject({ operation: 'embed', from: 'primary', to: 'secondary' });
    const names = kernel.get(healthIndicatorToken).map((i) => i.name);
    expect(names).toEqual(['router.primary:availability', 'router.secondary:availability']);
    expect(kernel.get(healthIndicatorToken).every((i) => !i.critical)).toBe(true);
    await kernel.stop();
    expect(closed).toBe(2);
  });

  it('refuses to assemble without any model provider, naming the token', () => {
    expect(() => createKernel({ plugins: [routerPlugin()], logger: silentLogger() })).toThrow(
      'Plugin "router" requires "router.model-provider", but no plugin provides it.',
    );
  });
});
