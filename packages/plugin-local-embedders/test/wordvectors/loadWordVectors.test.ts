import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createWordVectorEmbedder, createWordVectorProvider, loadWordVectors } from '@cortex-os/plugin-local-embedders';
import { writeWinkFixture } from './winkFixture.js';

let dir: string;
let vectorsPath: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cortex-wv-'));
  vectorsPath = join(dir, 'vectors.json');
  // Rank order matters: "the" is most frequent (weighs least), "cat"/"kitten" rare.
  await writeWinkFixture(vectorsPath, [
    ['the', [1, 1, 1, 1]],
    ['on', [1, -1, 1, -1]],
    ['cat', [0.9, 0.1, 0, 0]],
    ['kitten', [0.8, 0.2, 0.1, 0]],
    ['stock', [0, 0, 0.1, 0.9]],
    ['market', [0, 0.1, 0.2, 0.8]],
  ]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((s, v, i) => s + v * (b[i] as number), 0);

describe('loadWordVectors', () => {
  it('converts once, then reads the binary cache', async () => {
    const cacheDir = join(dir, 'cache-a');
    const first = await loadWordVectors({ vectorsPath, cacheDir });
    expect(first.source).toBe('json');
    const second = await loadWordVectors({ vectorsPath, cacheDir });
    expect(second.source).toBe('cache');
    expect(second.vectors.words).toEqual(first.vectors.words);
    expect([...second.vectors.matrix]).toEqual([...first.vectors.matrix]);
    expect(await readdir(cacheDir)).toHaveLength(1);
  });

  it('rebuilds a damaged cache instead of failing', async () => {
    const cacheDir = join(dir, 'cache-b');
    const { cachePath } = await loadWordVectors({ vectorsPath, cacheDir });
    await writeFile(cachePath, 'garbage');
    const again = await loadWordVectors({ vectorsPath, cacheDir });
    expect(again.source).toBe('json');
    expect(again.vectors.words[2]).toBe('cat');
  });
});

describe('createWordVectorEmbedder', () => {
  it('gives unit vectors that put related texts close, ignoring unknown words', async () => {
    const { vectors } = await loadWordVectors({ vectorsPath, cacheDir: join(dir, 'cache-c') });
    const embedder = createWordVectorEmbedder(vectors);
    const cat = embedder.embed('The cat on the mat');
    const kitten = embedder.embed('a KITTEN');
    const market = embedder.embed('stock market');
    expect(Math.hypot(...cat)).toBeCloseTo(1, 6);
    expect(cosine(cat, kitten)).toBeGreaterThan(cosine(cat, market) + 0.3);
    expect([...embedder.embed('zzz qqq')]).toEqual([0, 0, 0, 0]);
  });
});

describe('createWordVectorProvider', () => {
  it('is unavailable, saying why, when the vectors file is missing', async () => {
    const provider = createWordVectorProvider({ vectorsPath: join(dir, 'nope.json'), cacheDir: join(dir, 'cache-d') });
    expect(await provider.health()).toEqual({ available: false, reason: `word-vector file ${join(dir, 'nope.json')} does not exist` });
    await expect(provider.embed!(['x'])).rejects.toSatisfy((e) => CortexError.is(e, 'PROVIDER_UNAVAILABLE'));
  });

  it('embeds with the configured vectors, loading them on first use', async () => {
    const provider = createWordVectorProvider({ vectorsPath, cacheDir: join(dir, 'cache-e') });
    expect(provider.capabilities.embedding).toEqual({
      model: 'cortex-wink-sg100d-sif-v1',
      dimensions: 100,
      modalities: ['text'],
      batchingHelps: false,
    });
    // The fixture has 4 dimensions; the provider reports what it loaded.
    const result = await provider.embed!(['cat', 'market']);
    expect(result.dimensions).toBe(4);
    expect(result.vectors).toHaveLength(2);
  });
});
