import { describe, expect, it } from 'vitest';
import type { ModelModality, ModelProvider } from '@cortex-os/kernel/router';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import { createRouterMemoryEmbedder } from '@cortex-os/plugin-memory';

/** An embedding provider answering with constant vectors: only its declared capabilities matter here. */
function provider(name: string, model: string, modalities: readonly ModelModality[]): ModelProvider {
  return {
    name,
    capabilities: { operations: ['embed'], embedding: { model, dimensions: 2, modalities }, locality: 'local', relativeCost: 0 },
    async health() {
      return { available: true };
    },
    async embed(inputs) {
      return { model, dimensions: 2, vectors: inputs.map(() => Float32Array.of(1, 0)) };
    },
  };
}

describe('createRouterMemoryEmbedder', () => {
  const clip = provider('mlx', 'clip', ['text', 'image']);
  const minilm = provider('local', 'minilm', ['text']);

  it('reports the modalities of the pinned model from the providers serving it', () => {
    const router = createPolicyRouter({ providers: [clip, minilm] });
    expect(createRouterMemoryEmbedder(router, 'clip', { providers: [clip, minilm] }).modalities).toEqual(['text', 'image']);
    expect(createRouterMemoryEmbedder(router, 'minilm', { providers: [clip, minilm] }).modalities).toEqual(['text']);
    const audio = provider('clap', 'clip', ['audio']);
    expect(createRouterMemoryEmbedder(router, 'clip', { providers: [clip, audio] }).embed.modalities).toEqual(['text', 'image', 'audio']);
  });

  it('is text-only without providers, or while several models could still be pinned; then follows the pin', async () => {
    const router = createPolicyRouter({ providers: [clip, minilm] });
    expect(createRouterMemoryEmbedder(router, 'clip').modalities).toEqual(['text']);
    const unpinned = createRouterMemoryEmbedder(router, undefined, { providers: [clip, minilm] });
    expect(unpinned.embed.modalities).toEqual(['text']);
    await unpinned.embed(['first text pins the model']);
    expect(unpinned.model).toBe('clip');
    expect(unpinned.embed.modalities).toEqual(['text', 'image']);
    const single = createRouterMemoryEmbedder(createPolicyRouter({ providers: [clip] }), undefined, { providers: [clip] });
    expect(single.modalities).toEqual(['text', 'image']);
  });
});
