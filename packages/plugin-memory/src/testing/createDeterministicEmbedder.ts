import { KernelError } from '@cortex-os/kernel';
import type { EmbedInput } from '@cortex-os/kernel/router';
import type { MemoryEmbedder } from '@cortex-os/plugin-memory';

function fnv1a(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A deterministic, dependency-free embedder for tests: words and character trigrams are hashed
 * into `dimensions` signed buckets, so texts sharing words or word pieces are close. It has no
 * notion of meaning beyond shared tokens; it exists so store tests need no model. It embeds text
 * only (stores give it the text of image, audio and video memories), and counts its calls.
 *
 * @example
 * ```ts
 * const embed = createDeterministicEmbedder({ dimensions: 32 });
 * await using store = await createSqliteMemoryStore({ embed });
 * await store.store({ text: 'The deploy key rotates every 90 days' });
 * const [hit] = await store.search({ query: 'deploy key rotation' });
 * assert.equal(embed.calls, 2);
 * ```
 * @public
 */
export function createDeterministicEmbedder(
  options: { readonly model?: string; readonly dimensions?: number } = {},
): MemoryEmbedder & { readonly calls: number } {
  const dimensions = options.dimensions ?? 64;
  const model = options.model ?? `test-hashing-${dimensions}`;
  let calls = 0;
  const embedder = async (inputs: readonly EmbedInput[]) => {
    calls += 1;
    const vectors = inputs.map((input) => {
      if (typeof input !== 'string') {
        throw new KernelError('TESTING_ARGUMENT_INVALID', `the deterministic test embedder embeds text only, not ${input.modality}.`, {
          details: { argument: 'inputs' },
        });
      }
      const text = input;
      const v = new Float32Array(dimensions);
      for (const [word] of text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)) {
        const h = fnv1a(word, 1);
        v[h % dimensions] = (v[h % dimensions] ?? 0) + (h & 0x80000000 ? -1 : 1);
        const padded = ` ${word} `;
        for (let i = 0; i + 3 <= padded.length; i++) {
          const g = fnv1a(padded.slice(i, i + 3), 2);
          v[g % dimensions] = (v[g % dimensions] ?? 0) + (g & 0x80000000 ? -0.3 : 0.3);
        }
      }
      return v;
    });
    return { model, dimensions, vectors };
  };
  return Object.defineProperty(embedder, 'calls', { get: () => calls }) as unknown as MemoryEmbedder & { readonly calls: number };
}
