import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CortexError } from '@cortex-os/kernel';
import { convertWinkJson } from '@cortex-os/plugin-local-embedders';
import { writeWinkFixture } from './winkFixture.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cortex-wink-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('convertWinkJson', () => {
  it('gives the same table as JSON.parse, whatever the chunk size (words with escapes and non-ASCII too)', async () => {
    const entries: Array<[string, number[]]> = [
      ['the', [0.1, -0.2, 0.3]],
      [',', [1e-5, 2.5e3, -0.000001]],
      ['"quoted"', [-1, 0, 1]],
      ['café', [0.123456789, -9.87654321, 3]],
      ['back\\slash', [7, 8, 9]],
    ];
    const path = join(dir, 'small.json');
    await writeWinkFixture(path, entries);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 }), async (chunkBytes) => {
        const table = await convertWinkJson(path, { chunkBytes });
        expect(table.dimensions).toBe(3);
        expect(table.words).toEqual(entries.map(([w]) => w));
        expect([...table.matrix]).toEqual(entries.flatMap(([, v]) => v.map((x) => Math.fround(x))));
      }),
      { seed: 1, numRuns: 40 },
    );
  });

  it('keeps only the most frequent words with maxWords', async () => {
    const path = join(dir, 'trim.json');
    await writeWinkFixture(path, [
      ['a', [1, 0]],
      ['b', [0, 1]],
      ['c', [1, 1]],
    ]);
    const table = await convertWinkJson(path, { maxWords: 2 });
    expect(table.words).toEqual(['a', 'b']);
    expect([...table.matrix]).toEqual([1, 0, 0, 1]);
  });

  it('rejects a file that is not in the wink format, and one cut short', async () => {
    const wrong = join(dir, 'wrong.json');
    await writeFile(wrong, '{"vectors":{"a":[1,2,3]}}');
    await expect(convertWinkJson(wrong)).rejects.toSatisfy((e) => CortexError.is(e, 'LOCAL_EMBEDDERS_VECTORS_INVALID'));
    const cut = join(dir, 'cut.json');
    await writeWinkFixture(cut, [['a', [1, 0]]]);
    const full = await import('node:fs/promises').then((fs) => fs.readFile(cut, 'utf8'));
    await writeFile(cut, full.slice(0, full.length - 20));
    await expect(convertWinkJson(cut)).rejects.toThrow(/ends early|vectors for/);
  });
});
