import { toIndexTokens } from '../search/toFtsQuery.js';
import type { ShortTermEntry } from './ShortTermEntry.js';

/** BM25 (k1 1.2, b 0.75, as FTS5) of each short-term memory for the query terms. */
export function shortTermBm25(
  terms: readonly string[],
  list: readonly ShortTermEntry[],
  stopWords: ReadonlySet<string>,
): Map<string, number> {
  const out = new Map<string, number>();
  if (terms.length === 0 || list.length === 0) return out;
  const docs = list.map((e) => toIndexTokens(e.memory.text, stopWords));
  const avg = docs.reduce((a, d) => a + d.length, 0) / docs.length || 1;
  for (const term of terms) {
    const df = docs.filter((d) => d.includes(term)).length;
    if (df === 0) continue;
    const idf = Math.log((docs.length - df + 0.5) / (df + 0.5) + 1);
    docs.forEach((d, i) => {
      const tf = d.filter((t) => t === term).length;
      if (tf === 0) return;
      const id = (list[i] as ShortTermEntry).memory.id;
      out.set(id, (out.get(id) ?? 0) + (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / avg)));
    });
  }
  return out;
}
