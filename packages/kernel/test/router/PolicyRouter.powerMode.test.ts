import { describe, expect, it } from 'vitest';
import { createDisposer, definePlugin, type PowerMode, type PowerModeService, powerModeToken } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import { modelProviderToken, policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { scriptedProvider } from './scriptedProvider.js';

const hello = [{ role: 'user' as const, content: 'hello' }];

/** A power mode the test switches by hand. */
function powerMode(mode: PowerMode = 'normal'): PowerModeService & { mode: PowerMode } {
  return { mode, onChange: () => createDisposer(() => undefined) };
}

describe('the policy router in low-power mode', () => {
  it('tries the cheapest capable provider first, keeping the requested model ahead of fallbacks', async () => {
    const power = powerMode();
    const costly = scriptedProvider('costly', { relativeCost: 5, generationModels: ['big', 'small'] });
    const cheap = scriptedProvider('cheap', { relativeCost: 1, generationModels: ['small'] });
    const free = scriptedProvider('free', { relativeCost: 0, generationModels: ['tiny'] });
    const router = createPolicyRouter({ providers: [costly, cheap, free], powerMode: power });
    expect((await router.generate(hello)).provider).toBe('costly');
    expect((await router.generate(hello, { model: 'small' })).provider).toBe('costly');
    power.mode = 'low-power';
    expect((await router.generate(hello)).provider).toBe('free');
    // `small` is served by costly and cheap: the cheaper of the two, never the free one of another model.
    expect((await router.generate(hello, { model: 'small' })).provider).toBe('cheap');
    power.mode = 'normal';
    expect((await router.generate(hello)).provider).toBe('costly');
  });

  it('keeps the policy order among providers of equal cost, and an order already cheapest first', async () => {
    const power = powerMode('low-power');
    const first = scriptedProvider('first', { relativeCost: 1 });
    const second = scriptedProvider('second', { relativeCost: 1 });
    const dear = scriptedProvider('dear', { relativeCost: 4 });
    const router = createPolicyRouter({ providers: [first, second, dear], powerMode: power });
    expect((await router.generate(hello)).provider).toBe('first');
    const ordered = createPolicyRouter({ providers: [second, first], powerMode: power });
    expect((await ordered.generate(hello)).provider).toBe('second');
  });

  it('embeds with the cheapest provider of the model, and never changes which model embeds', async () => {
    const power = powerMode('low-power');
    const remote = scriptedProvider('remote', { relativeCost: 3, embeddingModel: 'e5' });
    const local = scriptedProvider('local', { relativeCost: 0, embeddingModel: 'e5' });
    const other = scriptedProvider('other', { relativeCost: 0, embeddingModel: 'hash' });
    const router = createPolicyRouter({ providers: [remote, other, local], powerMode: power });
    const routed = await router.embed(['x']);
    expect([routed.model, routed.provider]).toEqual(['e5', 'local']);
  });

  it('reads the runtime power mode through routerPlugin', async () => {
    const power = powerMode('low-power');
    const powerPlugin = definePlugin({ name: 'power', version: '1.0.0', provides: { power: powerModeToken }, start: () => ({ power }) });
    const providers = definePlugin({
      name: 'providers',
      version: '1.0.0',
      provides: { providers: modelProviderToken },
      start: () => ({ providers: [scriptedProvider('costly', { relativeCost: 2 }), scriptedProvider('cheap', { relativeCost: 1 })] }),
    });
    await using kernel = createTestKernel({ plugins: [routerPlugin({ preferLocal: false }), providers(), powerPlugin()] });
    await kernel.start();
    expect((await kernel.get(policyRouterToken).generate(hello)).provider).toBe('cheap');
    power.mode = 'normal';
    expect((await kernel.get(policyRouterToken).generate(hello)).provider).toBe('costly');
  });
});
