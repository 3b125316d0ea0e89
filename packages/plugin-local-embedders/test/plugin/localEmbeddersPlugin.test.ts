import { describe, expect, it } from 'vitest';
import { modelProviderToken, policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';

describe('localEmbeddersPlugin', () => {
  it('provides the hashing provider to the router, which embeds with it', async () => {
    await using kernel = createTestKernel({ plugins: [routerPlugin(), localEmbeddersPlugin()] });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['local-hashing']);
    const result = await kernel.get(policyRouterToken).embed(['hello world']);
    expect(result).toMatchObject({ provider: 'local-hashing', model: 'cortex-hashing-v1-384', fellBack: false });
    expect(result.vectors[0]).toHaveLength(384);
  });

  it('adds the word-vector provider when asked, and can leave hashing out', async () => {
    await using kernel = createTestKernel({
      plugins: [routerPlugin(), localEmbeddersPlugin({ hashing: false, wordVectors: { vectorsPath: '/nonexistent/vectors.json' } })],
    });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['local-word-vectors']);
  });

  it('rejects an option of the wrong type or out of range when the runtime is assembled, naming the plugin and the field', () => {
    expect(() => createTestKernel({ plugins: [localEmbeddersPlugin({ hashing: { dimensions: 4 } })] })).toThrow(
      'Cannot assemble the runtime: 1 problem:\n  - [PLUGIN_OPTIONS_INVALID] Plugin "local-embedders" options are invalid: hashing.dimensions: Too small: expected number to be >=8.',
    );
    expect(() => createTestKernel({ plugins: [localEmbeddersPlugin({ wordVectors: 'yes' } as never)] })).toThrow(
      'Plugin "local-embedders" options are invalid: wordVectors: Invalid input: expected a boolean or the word-vector provider options (an object).',
    );
    expect(() =>
      createTestKernel({
        plugins: [
          localEmbeddersPlugin({ hashing: { charNgrams: { min: 5, max: 3 }, weights: { words: 0, wordBigrams: 0, charNgrams: 0 } } }),
        ],
      }),
    ).toThrow(
      'Plugin "local-embedders" options are invalid: hashing.charNgrams.max: Invalid input: max must be at least min; hashing.weights: Invalid input: at least one weight must be above 0.',
    );
  });

  it("rejects an unknown key, at the top or inside a provider's options", () => {
    expect(() => createTestKernel({ plugins: [localEmbeddersPlugin({ wordvectors: true } as never)] })).toThrow(
      'Plugin "local-embedders" options are invalid: (root): Unrecognized key: "wordvectors".',
    );
    expect(() => createTestKernel({ plugins: [localEmbeddersPlugin({ hashing: { dimension: 256 } } as never)] })).toThrow(
      'Plugin "local-embedders" options are invalid: hashing: Unrecognized key: "dimension".',
    );
  });

  it('accepts the options the factories accept, and keys set to undefined', async () => {
    await using kernel = createTestKernel({
      plugins: [
        localEmbeddersPlugin({
          hashing: { name: 'h', dimensions: 256, charNgrams: { min: 2, max: 4 }, weights: { wordBigrams: 0 }, lowercase: false },
          wordVectors: { vectorsPath: '/nonexistent/vectors.json', maxWords: 1_000, sifA: 0.01, cacheDir: undefined }, // as `process.env.CACHE_DIR` is when unset
        } as never),
      ],
    });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => [p.name, p.capabilities.embedding?.dimensions])).toEqual([
      ['h', 256],
      ['local-word-vectors', 100],
    ]);
  });
});
