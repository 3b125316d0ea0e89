import { MemoryError } from '../errors/MemoryError.js';
import type { MemoryFilter, MemoryInputParsed } from '../schema/memorySchemas.js';
import { type MemoryStoreLimits, memoryLimitExceeded } from './MemoryStoreLimits.js';

/** Keys of a JSON value at every depth. */
function countKeys(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countKeys(v), 0);
  if (value === null || typeof value !== 'object') return 0;
  return Object.values(value).reduce((n: number, v) => n + 1 + countKeys(v), 0);
}

/** Bytes a memory input adds to a batch: its text, content and metadata. */
function inputBytes(input: MemoryInputParsed, metadataBytes: number): number {
  return Buffer.byteLength(input.text, 'utf8') + (input.content?.byteLength ?? 0) + metadataBytes;
}

/**
 * Checks a batch of parsed inputs against the store's limits and clock: metadata size and key
 * count, the batch's bytes, and an `expiresAt` that is not in the future (such a memory could
 * never be read).
 * @throws {@link MemoryError} `MEMORY_LIMIT_EXCEEDED` naming the limit; `MEMORY_INPUT_INVALID` for a past `expiresAt`.
 */
export function checkMemoryInputLimits(inputs: readonly MemoryInputParsed[], limits: MemoryStoreLimits, now: number): void {
  let batch = 0;
  for (const [i, input] of inputs.entries()) {
    const name = inputs.length === 1 ? 'the memory' : `memory #${i}`;
    const metadataBytes = Buffer.byteLength(JSON.stringify(input.metadata), 'utf8');
    if (metadataBytes > limits.metadataBytes)
      throw memoryLimitExceeded('metadataBytes', `${name}'s metadata bytes`, metadataBytes, limits.metadataBytes);
    const keys = countKeys(input.metadata);
    if (keys > limits.metadataKeys) throw memoryLimitExceeded('metadataKeys', `${name}'s metadata key count`, keys, limits.metadataKeys);
    if (input.expiresAt !== undefined && input.expiresAt <= now) {
      throw new MemoryError(
        'MEMORY_INPUT_INVALID',
        `invalid ${name.replace('the ', '')}: expiresAt ${input.expiresAt} is not in the future (now ${now}).`,
        {
          details: { issues: [{ path: inputs.length === 1 ? 'expiresAt' : `${i}.expiresAt`, message: 'must be in the future' }] },
        },
      );
    }
    batch += inputBytes(input, metadataBytes);
  }
  if (batch > limits.batchBytes) throw memoryLimitExceeded('batchBytes', 'the batch bytes', batch, limits.batchBytes);
}

/**
 * Checks a search or list filter against the store's limits.
 * @throws {@link MemoryError} `MEMORY_LIMIT_EXCEEDED` for more tags than `filterTags`.
 */
export function checkMemoryFilterLimits(filter: MemoryFilter | undefined, limits: MemoryStoreLimits): void {
  const tags = filter?.tags?.length ?? 0;
  if (tags > limits.filterTags) throw memoryLimitExceeded('filterTags', 'the filter tag count', tags, limits.filterTags);
}
