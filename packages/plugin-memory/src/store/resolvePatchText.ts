import type { MemoryPatch } from '../schema/memorySchemas.js';

/** What a patch does to a memory's text: whether it changes it, and the new text to embed. */
export interface ResolvedPatchText {
  readonly textChanged: boolean;
  /** The new text when it changed, is not blank and embedding is not skipped. */
  readonly embedText: string | undefined;
}

/** Whether a parsed patch changes the memory's current text, and what (if anything) must be embedded for it. */
export function resolvePatchText(patch: Pick<MemoryPatch, 'text'>, currentText: string, skipEmbedding: boolean): ResolvedPatchText {
  const textChanged = patch.text !== undefined && patch.text !== currentText;
  const embedText = textChanged && !skipEmbedding && (patch.text as string).trim() !== '' ? (patch.text as string) : undefined;
  return { textChanged, embedText };
}
