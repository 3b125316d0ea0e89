import { crc32 } from 'node:zlib';

/** Bytes at the start of an index file whose checksum is kept apart: native code reads its layout from them. */
const HEADER_BYTES = 64;

/**
 * Checksums of a saved index file, kept in its sidecar: its size, its header and each block, so
 * damage is found (and named) before native code reads the file.
 */
export interface IndexFileChecksums {
  readonly size: number;
  readonly blockSize: number;
  /** CRC-32 of the first 64 bytes. */
  readonly header: number;
  /** CRC-32 of each `blockSize` block, in order. */
  readonly blocks: readonly number[];
}

/** Computes the checksums of an index file's bytes (blocks of 1 MiB unless told). */
export function computeIndexFileChecksums(bytes: Uint8Array, blockSize = 1 << 20): IndexFileChecksums {
  const blocks: number[] = [];
  for (let at = 0; at < bytes.byteLength; at += blockSize) blocks.push(crc32(bytes.subarray(at, at + blockSize)));
  return { size: bytes.byteLength, blockSize, header: crc32(bytes.subarray(0, HEADER_BYTES)), blocks };
}

/** What is wrong with an index file's bytes against its checksums, in words, or `undefined` when they match. */
export function findIndexFileDamage(bytes: Uint8Array | undefined, expected: IndexFileChecksums): string | undefined {
  if (bytes === undefined) return 'missing';
  if (bytes.byteLength !== expected.size) return `${bytes.byteLength} bytes where ${expected.size} were saved`;
  if (crc32(bytes.subarray(0, HEADER_BYTES)) !== expected.header) return 'header checksum mismatch';
  const { blockSize, blocks } = expected;
  for (const [i, sum] of blocks.entries()) {
    if (crc32(bytes.subarray(i * blockSize, (i + 1) * blockSize)) !== sum) return `block ${i + 1} of ${blocks.length} checksum mismatch`;
  }
  return undefined;
}

/** Whether a parsed JSON value has the shape of {@link IndexFileChecksums}. */
export function isIndexFileChecksums(value: unknown): value is IndexFileChecksums {
  const v = value as Partial<IndexFileChecksums> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.size) &&
    Number.isInteger(v.blockSize) &&
    (v.blockSize ?? 0) > 0 &&
    Number.isInteger(v.header) &&
    Array.isArray(v.blocks) &&
    v.blocks.every((b) => Number.isInteger(b))
  );
}
