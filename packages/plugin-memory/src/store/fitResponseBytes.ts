import type { Memory } from '../schema/memorySchemas.js';

/** About how many bytes a memory takes in an answer: its text, content, tags and metadata. */
function memoryBytes(memory: Memory): number {
  return (
    Buffer.byteLength(memory.text, 'utf8') +
    (memory.content?.byteLength ?? 0) +
    Buffer.byteLength(JSON.stringify(memory.metadata), 'utf8') +
    memory.tags.reduce((n, t) => n + Buffer.byteLength(t, 'utf8'), 0) +
    256
  );
}

/**
 * How many of `items` (in order) fit in `maxBytes`, counting each by its memory; always at least
 * one, so a single large memory is still returned.
 */
export function fitResponseBytes<T>(items: readonly T[], maxBytes: number, memoryOf: (item: T) => Memory): number {
  let total = 0;
  for (const [i, item] of items.entries()) {
    total += memoryBytes(memoryOf(item));
    if (total > maxBytes) return Math.max(1, i);
  }
  return items.length;
}
