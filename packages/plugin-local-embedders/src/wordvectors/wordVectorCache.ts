import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { WordVectors } from './WordVectors.js';

/** File magic and layout version; bump the version when the layout changes. */
const MAGIC = 0x56575843; // "CXWV" little-endian
const VERSION = 1;
const HEADER_BYTES = 32;

/** What the cache was built from; a different source invalidates it. */
export interface WordVectorCacheSource {
  readonly size: number;
  readonly mtimeMs: number;
}

/*
 * Layout (little-endian): a 32-byte header (magic u32, version u32, dimensions u32, word count u32,
 * vocab byte length u32, 12 reserved bytes); the vocab (UTF-8, entries joined by "\0", the first
 * entry a stamp of the source file's size and mtime); zero padding to a multiple of 4; then the
 * Float32 matrix, row i for word i.
 */

/** Writes the binary cache atomically (temp file, then rename), so readers never see half a file. */
export async function writeWordVectorCache(path: string, vectors: WordVectors, source: WordVectorCacheSource): Promise<void> {
  const vocab = Buffer.from([stamp(source), ...vectors.words].join('\0'), 'utf8');
  const padded = Math.ceil(vocab.length / 4) * 4;
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32LE(MAGIC, 0);
  header.writeUInt32LE(VERSION, 4);
  header.writeUInt32LE(vectors.dimensions, 8);
  header.writeUInt32LE(vectors.words.length, 12);
  header.writeUInt32LE(vocab.length, 16);
  const matrix = Buffer.from(vectors.matrix.buffer, vectors.matrix.byteOffset, vectors.matrix.byteLength);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, Buffer.concat([header, vocab, Buffer.alloc(padded - vocab.length), matrix]));
  await rename(temp, path);
}

/** Reads the cache; undefined when it is missing, from another source, or damaged (it is then rebuilt). */
export async function readWordVectorCache(path: string, source: WordVectorCacheSource): Promise<WordVectors | undefined> {
  let file: Buffer;
  try {
    file = await readFile(path);
  } catch {
    return undefined;
  }
  if (file.length < HEADER_BYTES || file.readUInt32LE(0) !== MAGIC || file.readUInt32LE(4) !== VERSION) return undefined;
  const dimensions = file.readUInt32LE(8);
  const count = file.readUInt32LE(12);
  const vocabBytes = file.readUInt32LE(16);
  const matrixStart = HEADER_BYTES + Math.ceil(vocabBytes / 4) * 4;
  if (file.length !== matrixStart + count * dimensions * 4) return undefined;
  const [sourceStamp, ...words] = file.toString('utf8', HEADER_BYTES, HEADER_BYTES + vocabBytes).split('\0');
  if (sourceStamp !== stamp(source) || words.length !== count) return undefined;
  // readFile gives a buffer of its own, but copy when the view would be unaligned.
  const offset = file.byteOffset + matrixStart;
  const matrix =
    offset % 4 === 0
      ? new Float32Array(file.buffer, offset, count * dimensions)
      : new Float32Array(file.buffer.slice(offset, offset + count * dimensions * 4));
  return { dimensions, words, matrix };
}

function stamp(source: WordVectorCacheSource): string {
  return `source:${source.size}:${Math.trunc(source.mtimeMs)}`;
}
