import type { ModelModality } from '@cortex-os/kernel/router';
import type { MemoryEmbedder } from './MemoryEmbedder.js';

const textOnly: readonly ModelModality[] = ['text'];

/**
 * The modalities an embedder's model embeds: what the embedder says (`embed.modalities`), else
 * what the store was configured with (`embedModalities`), else text only.
 */
export function resolveEmbedModalities(
  embed: MemoryEmbedder | undefined,
  configured: readonly ModelModality[] | undefined,
): readonly ModelModality[] {
  return embed?.modalities ?? configured ?? textOnly;
}
