import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createKernel, createLogger, definePlugin, modelProviderToken, policyRouterToken, routerPlugin, type ModelProvider } from '@cortex-os/kernel';
import { mlxPlugin } from '@cortex-os/plugin-mlx';

const quiet = () => createLogger({ level: 'debug', destination: new Writable({ write: (_c, _e, cb) => cb() }) as never });

/** A stand-in second provider serving the same model, so the router has somewhere to fall back to. */
const fallbackProvider: ModelProvider = {
  name: 'stand-in',
  capabilities: { operations: ['generate'], generationModels: ['m'], locality: 'local', relativeCost: 0 },
  health: () => Promise.resolve({ available: true }),
  generate: () => Promise.resolve({ model: 'm', text: 'from the stand-in', finishReason: 'stop' }),
};

describe('mlxPlugin', () => {
  it('off Apple silicon, lets the router fall back without starting Python', async () => {
    const standIn = definePlugin({ name: 'stand-in', version: '1.0.0', provides: { provider: modelProviderToken }, start: () => ({ provider: fallbackProvider }) });
    await using kernel = createKernel({
      plugins: [routerPlugin({ order: ['mlx', 'stand-in'], retry: false }), mlxPlugin({ generationModels: ['m'], platform: { os: 'linux', arch: 'x64' } }), standIn()],
      logger: quiet(),
    });
    await kernel.start();
    const result = await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'hi' }]);
    expect(result).toMatchObject({ provider: 'stand-in', fellBack: true, text: 'from the stand-in' });
  });
});
