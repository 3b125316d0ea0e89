import { describe, expect, it } from 'vitest';
import { createKeywordIndex } from '../../src/search/KeywordIndex.js';

/** The rows of a term's postings with their tf and document length, in stored order. */
function postingsOf(index: ReturnType<typeof createKeywordIndex>, term: string): [number, number, number][] {
  const list = index.postings(term);
  if (list === undefined) return [];
  return Array.from({ length: list.length }, (_, i) => [list.rowAt(i), list.tfAt(i), list.lengthAt(i)]);
}

describe('createKeywordIndex', () => {
  it('counts term frequencies, document lengths and totals on insert', () => {
    const index = createKeywordIndex();
    index.set(1, ['deploy', 'key', 'deploy']);
    index.set(2, ['key', 'rotation']);
    index.set(3, []);
    expect(index.size).toBe(3);
    expect(index.totalTokens).toBe(5);
    expect(postingsOf(index, 'deploy')).toEqual([[1, 2, 3]]);
    expect(postingsOf(index, 'key')).toEqual([
      [1, 1, 3],
      [2, 1, 2],
    ]);
    expect(index.documentFrequency('key')).toBe(2);
    expect(index.documentFrequency('absent')).toBe(0);
    expect(index.documentLength(3)).toBe(0);
    expect(index.documentLength(4)).toBeUndefined();
  });

  it('keeps postings sorted by row whatever the insertion order', () => {
    const index = createKeywordIndex();
    for (const row of [50, 7, 99, 1, 23, 8]) index.set(row, ['shared', `only${row}`]);
    expect(postingsOf(index, 'shared').map(([row]) => row)).toEqual([1, 7, 8, 23, 50, 99]);
    expect(index.postings('shared')?.tfOf(23)).toBe(1);
    expect(index.postings('shared')?.tfOf(24)).toBe(0);
    expect(index.postings('shared')?.seek(24)).toBe(4);
  });

  it('replaces a document on update: old terms leave, new ones arrive, totals follow', () => {
    const index = createKeywordIndex();
    index.set(1, ['alpha', 'beta', 'beta']);
    index.set(2, ['beta']);
    index.set(1, ['gamma', 'beta']);
    expect(index.size).toBe(2);
    expect(index.totalTokens).toBe(3);
    expect(index.postings('alpha')).toBeUndefined();
    expect(postingsOf(index, 'beta')).toEqual([
      [1, 1, 2],
      [2, 1, 1],
    ]);
    expect(postingsOf(index, 'gamma')).toEqual([[1, 1, 2]]);
  });

  it('forgets a removed document and reports unknown rows', () => {
    const index = createKeywordIndex();
    index.set(1, ['alpha', 'beta']);
    index.set(2, ['beta', 'beta', 'delta']);
    index.set(3, ['beta']);
    expect(index.remove(2)).toBe(true);
    expect(index.remove(2)).toBe(false);
    expect(index.size).toBe(2);
    expect(index.totalTokens).toBe(3);
    expect(postingsOf(index, 'beta').map(([row]) => row)).toEqual([1, 3]);
    expect(index.documentFrequency('delta')).toBe(0);
    expect(index.postings('delta')).toBeUndefined();
    expect(index.documentLength(2)).toBeUndefined();
  });

  it('keeps its bounds valid: the best tf and shortest length seen bound every posting', () => {
    const index = createKeywordIndex();
    index.set(1, ['x', 'x', 'x', 'pad']);
    index.set(2, ['x']);
    index.remove(1);
    const list = index.postings('x');
    expect(list?.maxTf).toBeGreaterThanOrEqual(1);
    expect(list?.minLength).toBeLessThanOrEqual(1);
    index.remove(2);
    expect(list?.length).toBe(0);
    expect(list?.maxTf).toBe(0);
  });

  it('grows posting lists past their first capacity', () => {
    const index = createKeywordIndex();
    for (let row = 1000; row >= 1; row--) index.set(row, ['many', ...Array.from({ length: row % 3 }, () => 'many')]);
    const rows = postingsOf(index, 'many');
    expect(rows).toHaveLength(1000);
    expect(rows.every(([row], i) => row === i + 1)).toBe(true);
    expect(rows[4]).toEqual([5, 3, 3]);
  });
});
