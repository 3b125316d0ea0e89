import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createKernel, createLogger, modelProviderToken, policyRouterToken, routerPlugin } from '@cortex-os/kernel';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';

const quiet = () => createLogger({ level: 'debug', destination: new Writable({ write: (_c, _e, cb) => cb() }) as never });

describe('localEmbeddersPlugin', () => {
  it('provides the hashing provider to the router, which embeds with it', async () => {
    await using kernel = createKernel({ plugins: [routerPlugin(), localEmbeddersPlugin()], logger: quiet() });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['local-hashing']);
    const result = await kernel.get(policyRouterToken).embed(['hello world']);
    expect(result).toMatchObject({ provider: 'local-hashing', model: 'cortex-hashing-v1-384', fellBack: false });
    expect(result.vectors[0]).toHaveLength(384);
  });

  it('adds the word-vector provider when asked, and can leave hashing out', async () => {
    await using kernel = createKernel({ plugins: [routerPlugin(), localEmbeddersPlugin({ hashing: false, wordVectors: { vectorsPath: '/nonexistent/vectors.json' } })], logger: quiet() });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['local-word-vectors']);
  });
});
