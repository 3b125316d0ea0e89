import type { EmbedInput, ModelModality } from '@cortex-os/kernel/router';
import type { MemoryPatch } from '../schema/memorySchemas.js';
import { toMemoryEmbedInput, type MemoryEmbedSubject } from './toMemoryEmbedInput.js';

/** What a patch does to a memory's text: whether it changes it, and what (if anything) to embed for it. */
export interface ResolvedPatchText {
  readonly textChanged: boolean;
  /**
   * The memory's new embedding input when the text changed and embedding is not skipped
   * ({@link toMemoryEmbedInput}: its bytes when the model embeds its modality, else the new
   * text); `undefined` when nothing is to be embedded (the vector is then dropped if the text changed).
   */
  readonly embedInput: EmbedInput | undefined;
}

/** Whether a parsed patch changes the memory's current text, and what must be embedded for it. */
export function resolvePatchText(
  patch: Pick<MemoryPatch, 'text'>,
  current: MemoryEmbedSubject,
  skipEmbedding: boolean,
  modalities: readonly ModelModality[],
): ResolvedPatchText {
  const textChanged = patch.text !== undefined && patch.text !== current.text;
  const embedInput = textChanged && !skipEmbedding ? toMemoryEmbedInput({ ...current, text: patch.text as string }, modalities) : undefined;
  return { textChanged, embedInput };
}
