import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createHashingProvider } from '@cortex-os/plugin-local-embedders';

describe('createHashingProvider', () => {
  it('declares a free local embed capability with its model id and is always available', async () => {
    const provider = createHashingProvider({ dimensions: 128 });
    expect(provider.name).toBe('local-hashing');
    expect(provider.capabilities).toEqual({
      operations: ['embed'],
      // No fixed cost per call: low-power mode must not merge its calls.
      embedding: { model: 'cortex-hashing-v1-128', dimensions: 128, modalities: ['text'], batchingHelps: false },
      locality: 'local',
      relativeCost: 0,
    });
    expect(await provider.health()).toEqual({ available: true, details: { model: 'cortex-hashing-v1-128' } });
  });

  it('embeds a batch, one vector per input in order', async () => {
    const provider = createHashingProvider();
    const result = await provider.embed!(['alpha', 'beta', 'alpha']);
    expect(result.model).toBe('cortex-hashing-v1-384');
    expect(result.vectors).toHaveLength(3);
    expect(result.vectors[0]).toEqual(result.vectors[2]);
    expect(result.vectors[0]).not.toEqual(result.vectors[1]);
  });

  it('rejects image input with PROVIDER_REQUEST_FAILED naming the input', async () => {
    const provider = createHashingProvider();
    const call = provider.embed!(['ok', { modality: 'image', data: new Uint8Array([1]), mediaType: 'image/png' }]);
    await expect(call).rejects.toSatisfy((error) => CortexError.is(error, 'PROVIDER_REQUEST_FAILED'));
    await expect(call).rejects.toThrow('Provider "local-hashing" embeds text only; input 1 is image (image/png).');
  });

  it('rejects with the abort reason when the signal is already aborted', async () => {
    const provider = createHashingProvider();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(provider.embed!(['x'], { signal: controller.signal })).rejects.toThrow('stop');
  });
});
