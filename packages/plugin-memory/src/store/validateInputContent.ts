import { validateMemoryContent, type MemoryContentPolicy } from '../media/validateMemoryContent.js';
import type { MemoryInputParsed } from '../schema/memorySchemas.js';

/**
 * Checks the content of a non-text input against the policy and fills in its media type.
 * @throws {@link MemoryError} content errors (`MEMORY_CONTENT_*`).
 */
export async function validateInputContent(p: MemoryInputParsed, contentPolicy: MemoryContentPolicy): Promise<void> {
  if (p.modality !== 'text')
    p.mediaType = await validateMemoryContent(p.modality, p.content as Uint8Array, p.mediaType as string, contentPolicy);
}
