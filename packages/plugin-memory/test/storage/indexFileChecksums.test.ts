import { describe, expect, it } from 'vitest';
import { computeIndexFileChecksums, findIndexFileDamage, isIndexFileChecksums } from '../../src/storage/indexFileChecksums.js';

const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 7) % 256);

describe('index file checksums', () => {
  it('accept the bytes they were computed from', () => {
    const sums = computeIndexFileChecksums(bytes, 100);
    expect(sums.blocks).toHaveLength(3);
    expect(isIndexFileChecksums(JSON.parse(JSON.stringify(sums)))).toBe(true);
    expect(findIndexFileDamage(bytes, sums)).toBeUndefined();
  });

  it('name what is wrong: missing, size, header, or the damaged block', () => {
    const sums = computeIndexFileChecksums(bytes, 100);
    const damaged = (at: number): Uint8Array => {
      const copy = bytes.slice();
      copy[at] = (copy[at] ?? 0) ^ 0xff;
      return copy;
    };
    expect(findIndexFileDamage(undefined, sums)).toBe('missing');
    expect(findIndexFileDamage(bytes.subarray(0, 299), sums)).toBe('299 bytes where 300 were saved');
    expect(findIndexFileDamage(damaged(3), sums)).toBe('header checksum mismatch');
    expect(findIndexFileDamage(damaged(150), sums)).toBe('block 2 of 3 checksum mismatch');
    expect(findIndexFileDamage(damaged(299), sums)).toBe('block 3 of 3 checksum mismatch');
  });

  it('recognise only well-formed checksums', () => {
    expect(isIndexFileChecksums(null)).toBe(false);
    expect(isIndexFileChecksums({ size: 1, blockSize: 0, header: 1, blocks: [] })).toBe(false);
    expect(isIndexFileChecksums({ size: 1, blockSize: 4, header: 1, blocks: ['x'] })).toBe(false);
  });
});
