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

/**
 * Reads a file block by block: calls `visit` with each block of `blockSize` bytes (the last may be
 * shorter; the bytes are valid only during the call) until it returns false, and returns how many
 * bytes it read — or `undefined` when there is no file.
 */
export type IndexFileBlockReader = (blockSize: number, visit: (block: Uint8Array) => boolean) => number | undefined;

/** What is wrong with an index file's bytes against its checksums, in words, or `undefined` when they match. */
export function findIndexFileDamage(bytes: Uint8Array | undefined, expected: IndexFileChecksums): string | undefined {
  const read: IndexFileBlockReader = (blockSize, visit) => {
    if (bytes === undefined) return undefined;
    for (let at = 0; at < bytes.byteLength; at += blockSize) if (!visit(bytes.subarray(at, at + blockSize))) break;
    return bytes.byteLength;
  };
  return findIndexFileDamageInBlocks(bytes?.byteLength, read, expected);
}

/**
 * {@link findIndexFileDamage} for a file read one block at a time, so a large index file (1.7 GB
 * at a million vectors) is checked without being held in memory. `size` is the file's size as
 * found before reading (`undefined`: no file); a file that changes size while it is read is named
 * by its new size.
 */
export function findIndexFileDamageInBlocks(
  size: number | undefined,
  read: IndexFileBlockReader,
  expected: IndexFileChecksums,
): string | undefined {
  if (size === undefined) return 'missing';
  if (size !== expected.size) return `${size} bytes where ${expected.size} were saved`;
  const { blockSize, blocks } = expected;
  let problem: string | undefined;
  let index = 0;
  const readSize = read(blockSize, (block) => {
    if (index === 0 && crc32(block.subarray(0, HEADER_BYTES)) !== expected.header) problem = 'header checksum mismatch';
    else if (crc32(block) !== blocks[index]) problem = `block ${index + 1} of ${blocks.length} checksum mismatch`;
    index++;
    return problem === undefined;
  });
  if (readSize === undefined) return 'missing';
  if (problem === undefined && readSize !== expected.size) return `${readSize} bytes where ${expected.size} were saved`;
  return problem;
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
