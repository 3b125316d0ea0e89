import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CortexError } from '@cortex-os/kernel';
import { createHashingEmbedder } from '@cortex-os/plugin-local-embedders';

const embedder = createHashingEmbedder();

function norm(v: Float32Array): number {
  let s = 0;
  for (const x of v) s += x * x;
  return Math.sqrt(s);
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i += 1) dot += (a[i] as number) * (b[i] as number);
  return dot / (norm(a) * norm(b));
}

// Text with at least one letter, digit or symbol, so it has a token to embed.
const textWithToken = fc
  .tuple(fc.string(), fc.constantFrom('a', 'Z', '7', 'é', '€', '🙂', 'ж', '漢'), fc.string())
  .map(([a, b, c]) => a + b + c);

describe('createHashingEmbedder', () => {
  it('names its model after the version and dimensions, and fingerprints non-default settings', () => {
    expect(embedder.model).toBe('cortex-hashing-v1-384');
    expect(embedder.dimensions).toBe(384);
    expect(createHashingEmbedder({ dimensions: 256 }).model).toBe('cortex-hashing-v1-256');
    const custom = createHashingEmbedder({ charNgrams: { min: 2, max: 4 } }).model;
    expect(custom).toMatch(/^cortex-hashing-v1-384-[0-9a-f]{8}$/);
    expect(createHashingEmbedder({ charNgrams: { min: 2, max: 4 } }).model).toBe(custom);
  });

  it('is deterministic: the same text always gives the same vector, across embedder instances', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(createHashingEmbedder().embed(text)).toEqual(embedder.embed(text));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('gives unit-norm vectors for any text with a word or symbol in it', () => {
    fc.assert(
      fc.property(textWithToken, (text) => {
        const v = embedder.embed(text);
        expect(v).toHaveLength(384);
        expect(norm(v)).toBeCloseTo(1, 5);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('gives cosine 1 for identical texts and for texts differing only in case, punctuation or spacing', () => {
    fc.assert(
      fc.property(textWithToken, (text) => {
        expect(cosine(embedder.embed(text), embedder.embed(`${text}`))).toBeCloseTo(1, 5);
      }),
      { seed: 11, numRuns: 100 },
    );
    expect(cosine(embedder.embed('The cat sat.'), embedder.embed('  the CAT sat!! '))).toBeCloseTo(1, 6);
  });

  it('embeds text with no word or symbol as the zero vector', () => {
    expect(norm(embedder.embed(''))).toBe(0);
    expect(norm(embedder.embed(' ,.;! \n'))).toBe(0);
  });

  it('ranks lexically close texts above unrelated ones', () => {
    const query = embedder.embed('how to reset my password');
    const close = embedder.embed('resetting a forgotten password');
    const far = embedder.embed('the weather in Lisbon is sunny today');
    expect(cosine(query, close)).toBeGreaterThan(cosine(query, far) + 0.2);
    // Character n-grams make inflections similar even without a shared word.
    const running = embedder.embed('running');
    expect(cosine(running, embedder.embed('runner'))).toBeGreaterThan(0.1);
    expect(cosine(running, embedder.embed('runner'))).toBeGreaterThan(cosine(running, embedder.embed('table')));
  });

  it('keeps some word order through word bigrams', () => {
    const a = embedder.embed('dog bites man');
    const b = embedder.embed('man bites dog');
    expect(cosine(a, b)).toBeLessThan(0.999);
    expect(cosine(a, b)).toBeGreaterThan(0.7);
  });

  it('rejects out-of-range options, listing every problem at once', () => {
    let thrown: unknown;
    try {
      createHashingEmbedder({ dimensions: 4, charNgrams: { min: 5, max: 3 }, weights: { words: -1 } });
    } catch (error) {
      thrown = error;
    }
    expect(CortexError.is(thrown, 'LOCAL_EMBEDDERS_OPTIONS_INVALID')).toBe(true);
    expect((thrown as Error).message).toMatchInlineSnapshot(
      `"Invalid hashing embedder options: dimensions must be an integer from 8 to 65536 (got 4); charNgrams must be integers with 1 ≤ min ≤ max ≤ 8 (got min 5, max 3); weights.words must be a finite number ≥ 0 (got -1)."`,
    );
  });
});
