import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  computeIndexFileChecksums,
  findIndexFileDamage,
  findIndexFileDamageInBlocks,
  isIndexFileChecksums,
} from '../../src/storage/indexFileChecksums.js';
import { nodeMemoryStorageIo } from '../../src/storage/MemoryStorageIo.js';

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

  it('check a real file block by block with the same verdicts, reading no further than the first damage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cortex-checksums-'));
    try {
      const sums = computeIndexFileChecksums(bytes, 100);
      const path = join(dir, 'index.bin');
      const check = (content: Uint8Array | undefined): { problem: string | undefined; blocks: number } => {
        rmSync(path, { force: true });
        if (content !== undefined) writeFileSync(path, content);
        let blocks = 0;
        const problem = findIndexFileDamageInBlocks(
          nodeMemoryStorageIo.stat(path)?.size,
          (blockSize, visit) =>
            nodeMemoryStorageIo.readBlocks(path, blockSize, (block) => {
              blocks++;
              return visit(block);
            }),
          sums,
        );
        return { problem, blocks };
      };
      const damaged = (at: number): Uint8Array => {
        const copy = bytes.slice();
        copy[at] = (copy[at] ?? 0) ^ 0xff;
        return copy;
      };
      expect(check(bytes)).toEqual({ problem: undefined, blocks: 3 });
      expect(check(undefined)).toEqual({ problem: 'missing', blocks: 0 });
      expect(check(bytes.subarray(0, 299)).problem).toBe('299 bytes where 300 were saved');
      expect(check(damaged(3))).toEqual({ problem: 'header checksum mismatch', blocks: 1 });
      expect(check(damaged(150))).toEqual({ problem: 'block 2 of 3 checksum mismatch', blocks: 2 });
      for (const at of [0, 99, 100, 199, 200, 299]) expect(check(damaged(at)).problem).toBe(findIndexFileDamage(damaged(at), sums));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('name a file whose size changed between looking and reading by the size it was read at', () => {
    const sums = computeIndexFileChecksums(bytes, 100);
    const grown = Uint8Array.from({ length: 350 }, (_, i) => bytes[i] ?? 0);
    const read = (blockSize: number, visit: (block: Uint8Array) => boolean): number => {
      for (let at = 0; at < grown.byteLength; at += blockSize) if (!visit(grown.subarray(at, at + blockSize))) break;
      return grown.byteLength;
    };
    // The first three blocks match; a fourth block the checksums never had is damage, named as such.
    expect(findIndexFileDamageInBlocks(300, read, sums)).toBe('block 4 of 3 checksum mismatch');
    expect(findIndexFileDamageInBlocks(300, () => undefined, sums)).toBe('missing');
    const shrunk = (blockSize: number, visit: (block: Uint8Array) => boolean): number => {
      visit(bytes.subarray(0, blockSize));
      visit(bytes.subarray(blockSize, 2 * blockSize));
      return 200;
    };
    expect(findIndexFileDamageInBlocks(300, shrunk, sums)).toBe('200 bytes where 300 were saved');
  });
});
