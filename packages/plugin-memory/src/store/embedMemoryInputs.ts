import type { EmbedInput, EmbedResult } from '@cortex-os/kernel/router';
import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryEmbedder } from './MemoryEmbedder.js';

const modalityOf = (input: EmbedInput): string => (typeof input === 'string' ? 'text' : input.modality);

/**
 * Embeds memory inputs with one embedder call per input modality (texts, images, audio), so the
 * router may serve each from a provider of the pinned model that declares that modality, and
 * returns the vectors in input order. A batch of one modality is one call.
 * @throws {@link MemoryError} `MEMORY_EMBEDDING_INVALID` when the calls answered with different
 * models or dimensions; whatever the embedder throws.
 */
export async function embedMemoryInputs(embed: MemoryEmbedder, inputs: readonly EmbedInput[], signal?: AbortSignal): Promise<EmbedResult> {
  const options = signal === undefined ? undefined : { signal };
  const groups = new Map<string, number[]>();
  inputs.forEach((input, i) => {
    const key = modalityOf(input);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [i]);
    else group.push(i);
  });
  if (groups.size <= 1) return embed(inputs, options);
  const vectors: Float32Array[] = new Array<Float32Array>(inputs.length);
  let first: { modality: string; model: string; dimensions: number } | undefined;
  for (const [modality, indexes] of groups) {
    const result = await embed(
      indexes.map((i) => inputs[i] as EmbedInput),
      options,
    );
    signal?.throwIfAborted();
    if (first === undefined) first = { modality, model: result.model, dimensions: result.dimensions };
    else if (result.model !== first.model || result.dimensions !== first.dimensions) {
      throw new MemoryError(
        'MEMORY_EMBEDDING_INVALID',
        `the embedder embedded ${first.modality} with ${first.model} (${first.dimensions} dimensions) but ${modality} with ${result.model} (${result.dimensions}); one batch must use one model.`,
        { details: { model: first.model, dimensions: first.dimensions, otherModel: result.model, otherDimensions: result.dimensions } },
      );
    }
    // A short answer is caught by the caller's count check.
    indexes.forEach((inputIndex, j) => {
      const vector = result.vectors[j];
      if (vector !== undefined) vectors[inputIndex] = vector;
    });
  }
  const { model, dimensions } = first as { model: string; dimensions: number };
  return { model, dimensions, vectors: vectors.filter((v) => v !== undefined) };
}
