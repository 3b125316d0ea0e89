import { KernelError } from '@cortex-os/kernel';
import type { ModelProvider } from '@cortex-os/kernel/router';

/** A 4-dimension embedding provider (`hash`, model `hash-4`) that fails any batch holding the input `fail`. */
export const hashEmbedder: ModelProvider = {
  name: 'hash',
  capabilities: {
    operations: ['embed'],
    embedding: { model: 'hash-4', dimensions: 4, modalities: ['text'] },
    locality: 'local',
    relativeCost: 0,
  },
  health: async () => ({ available: true }),
  embed: async (inputs) => {
    if (inputs.includes('fail')) throw new KernelError('PROVIDER_REQUEST_FAILED', 'refused');
    return { model: 'hash-4', dimensions: 4, vectors: inputs.map(() => new Float32Array(4)) };
  },
};
