import type { EmbedInput, ModelModality } from '@cortex-os/kernel/router';
import { toMemoryEmbedInput, type MemoryEmbedSubject } from './toMemoryEmbedInput.js';

/** The embedding inputs of a batch of memories and, for each, the position of its memory. */
export interface CollectedMemoryEmbedInputs {
  /** `embedIndexes[i]` is the memory `inputs[i]` belongs to. */
  readonly embedIndexes: number[];
  readonly inputs: EmbedInput[];
}

/** The {@link toMemoryEmbedInput} of every memory that has one (none when embedding is skipped). */
export function collectMemoryEmbedInputs(
  memories: readonly MemoryEmbedSubject[],
  modalities: readonly ModelModality[],
  skipEmbedding = false,
): CollectedMemoryEmbedInputs {
  const embedIndexes: number[] = [];
  const inputs: EmbedInput[] = [];
  if (skipEmbedding) return { embedIndexes, inputs };
  memories.forEach((memory, i) => {
    const input = toMemoryEmbedInput(memory, modalities);
    if (input === undefined) return;
    embedIndexes.push(i);
    inputs.push(input);
  });
  return { embedIndexes, inputs };
}
