import { estimateTokens } from '@cortex-os/kernel/router';
import type { SearchPatternResult } from '../search/SearchCollector.js';

/**
 * Drops trailing matches, from the largest result first, until the results fit `maxTokens`
 * (approximate tokens of their JSON); each result that lost matches is marked `truncated`.
 * The kernel's budget check still runs after it, for what cannot shrink.
 * @public
 */
export function fitToOutputBudget(results: readonly SearchPatternResult[], maxTokens: number): SearchPatternResult[] {
  const sizes = results.map((result) => result.matches.map((match) => JSON.stringify(match).length + 1));
  const keep = sizes.map((perMatch) => perMatch.length);
  let total = estimateTokens(JSON.stringify(results.map((result) => ({ ...result, matches: [] }))));
  for (const perMatch of sizes) for (const size of perMatch) total += size / 4;
  while (total > maxTokens) {
    // The result with the most matches left gives one up.
    let largest = -1;
    for (let index = 0; index < keep.length; index += 1)
      if ((keep[index] as number) > 0 && (largest < 0 || (keep[index] as number) > (keep[largest] as number))) largest = index;
    if (largest < 0) break;
    keep[largest] = (keep[largest] as number) - 1;
    total -= ((sizes[largest] as number[])[keep[largest] as number] as number) / 4;
  }
  return results.map((result, index) =>
    keep[index] === result.matches.length ? result : { ...result, matches: result.matches.slice(0, keep[index]), truncated: true },
  );
}

/**
 * The longest prefix of `items` whose JSON, with `reservedTokens` for the rest of the output,
 * fits `maxTokens` (approximate tokens); `truncated` when items were dropped.
 * @public
 */
export function fitListToOutputBudget<T>(
  items: readonly T[],
  maxTokens: number,
  reservedTokens: number,
): { items: T[]; truncated: boolean } {
  let tokens = reservedTokens;
  for (let index = 0; index < items.length; index += 1) {
    tokens += (JSON.stringify(items[index]).length + 1) / 4;
    if (tokens > maxTokens) return { items: items.slice(0, index), truncated: true };
  }
  return { items: [...items], truncated: false };
}
