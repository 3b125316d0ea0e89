import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryContentPolicy } from '../media/validateMemoryContent.js';
import { memoryInputSchema, type MemoryInput, type MemoryInputParsed } from '../schema/memorySchemas.js';
import { parseInput } from '../util/parseInput.js';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { checkMemoryInputLimits } from './checkMemoryInputLimits.js';
import type { MemoryStoreLimits } from './MemoryStoreLimits.js';
import { validateInputContent } from './validateInputContent.js';

/**
 * Parses the inputs of a long-term store write: every input is validated first, then each must be
 * tier `ltm`, the batch must be within the store's limits (and `expiresAt` in the future), and
 * non-text content is checked against the policy (its media type is filled in). A batch yields to
 * the event loop between its items, so a large one does not stall other requests.
 * @throws {@link MemoryError} `MEMORY_INPUT_INVALID`, `MEMORY_LIMIT_EXCEEDED`, content errors (`MEMORY_CONTENT_*`).
 */
export async function parseLongTermInputs(
  inputs: readonly MemoryInput[],
  contentPolicy: MemoryContentPolicy,
  limits: MemoryStoreLimits,
  now: number,
): Promise<MemoryInputParsed[]> {
  const parsed = inputs.map((input, i) => parseInput(memoryInputSchema, input, inputs.length === 1 ? 'memory' : `memory #${i}`));
  checkMemoryInputLimits(parsed, limits, now);
  for (const [i, p] of parsed.entries()) {
    if (i > 0) await nextTurn();
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
