import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryContentPolicy } from '../media/validateMemoryContent.js';
import { memoryInputSchema, type MemoryInput, type MemoryInputParsed } from '../schema/memorySchemas.js';
import { parseInput } from '../util/parseInput.js';
import { validateInputContent } from './validateInputContent.js';

/**
 * Parses the inputs of a long-term store write: every input is validated first, then each must be
 * tier `ltm` and non-text content is checked against the policy (its media type is filled in).
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, content errors (`MEMORY_CONTENT_*`).
 */
export async function parseLongTermInputs(
  inputs: readonly MemoryInput[],
  contentPolicy: MemoryContentPolicy,
): Promise<MemoryInputParsed[]> {
  const parsed = inputs.map((input, i) => parseInput(memoryInputSchema, input, inputs.length === 1 ? 'memory' : `memory #${i}`));
  for (const p of parsed) {
    if (p.tier !== 'ltm') {
      throw new MemoryError(
        'MEMORY_INPUT_INVALID',
        'tier "stm" memories live in the short-term tier; store them through createTieredMemoryStore.',
        {
          details: { issues: [{ path: 'tier', message: 'must be "ltm" for this store' }] },
        },
      );
    }
    await validateInputContent(p, contentPolicy);
  }
  return parsed;
}
