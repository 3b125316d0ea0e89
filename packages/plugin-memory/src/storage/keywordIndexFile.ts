import { endianness } from 'node:os';
import { crc32 } from 'node:zlib';
import { findKeywordContentsProblem, type KeywordIndexContents } from '../search/KeywordIndexContents.js';
import { computeIndexFileChecksums, findIndexFileDamage, type IndexFileChecksums, isIndexFileChecksums } from './indexFileChecksums.js';

/** The store state a saved keyword index matches; a file whose stamp differs from the database's is not used. */
export interface KeywordIndexStamp {
  /** The database's instance marker. */
  readonly instance: string;
  /** The stop list the indexed words were computed with. */
  readonly stopWords: string;
  /** The keyword change log position the index includes. */
  readonly seq: number;
}

/** The header of a saved keyword index: its stamp, its counts and its body's checksums. */
export interface KeywordIndexHeader extends KeywordIndexStamp {
  readonly format: 1;
  readonly endianness: 'LE' | 'BE';
  readonly terms: number;
  readonly termBytes: number;
  readonly postings: number;
  readonly documents: number;
  readonly totalTokens: number;
  readonly body: IndexFileChecksums;
}

const MAGIC = Buffer.from('CXKWIX01', 'latin1');
/** Magic, header length, header CRC-32: the fixed start of the file. */
const PREFIX_BYTES = MAGIC.length + 8;

/** Bytes up to the next multiple of 4 (typed arrays in the body start aligned). */
const align4 = (n: number): number => (n + 3) & ~3;

/** The body's typed arrays in file order. */
function sections(c: KeywordIndexContents): Uint32Array[] {
  return [c.maxTf, c.minLength, c.postingOffsets, c.postings, c.rows, c.lengths, c.termOffsets, c.termIds];
}

/**
 * Encodes a keyword index for saving: `CXKWIX01`, the header's length and CRC-32, the header
 * (JSON), then the body — the terms (UTF-8, one per line) and the contents' arrays, each block of
 * the body checksummed in the header. Returns undefined when a term holds a line break (it could
 * not be split back; the index is then rebuilt on open instead).
 */
export function encodeKeywordIndexFile(contents: KeywordIndexContents, stamp: KeywordIndexStamp): Buffer | undefined {
  if (contents.terms.some((t) => t.includes('\n'))) return undefined;
  const terms = Buffer.from(contents.terms.join('\n'), 'utf8');
  const parts = sections(contents);
  const body = Buffer.alloc(align4(terms.length) + parts.reduce((n, a) => n + a.byteLength, 0));
  terms.copy(body, 0);
  let at = align4(terms.length);
  for (const a of parts) {
    body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  const header: KeywordIndexHeader = {
    format: 1,
    ...stamp,
    endianness: endianness(),
    terms: contents.terms.length,
    termBytes: terms.length,
    postings: contents.postings.length / 3,
    documents: contents.rows.length,
    totalTokens: contents.totalTokens,
    body: computeIndexFileChecksums(body),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(json.length, MAGIC.length);
  prefix.writeUInt32LE(crc32(json), MAGIC.length + 4);
  // The header is padded so the body (and its typed arrays) starts at a multiple of 4.
  const padding = Buffer.alloc(align4(PREFIX_BYTES + json.length) - PREFIX_BYTES - json.length);
  return Buffer.concat([prefix, json, padding, body]);
}

/** A saved file's header and where its body starts, or what is wrong with it, in words. */
export function readKeywordIndexHeader(bytes: Buffer): { header: KeywordIndexHeader; bodyAt: number } | string {
  if (bytes.length < PREFIX_BYTES || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return 'not a keyword index file (bad magic)';
  const length = bytes.readUInt32LE(MAGIC.length);
  if (PREFIX_BYTES + length > bytes.length) return 'truncated header';
  const json = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + length);
  if (crc32(json) !== bytes.readUInt32LE(MAGIC.length + 4)) return 'header checksum mismatch';
  let header: Partial<KeywordIndexHeader>;
  try {
    header = JSON.parse(json.toString('utf8')) as Partial<KeywordIndexHeader>;
  } catch {
    return 'header is not valid JSON';
  }
  if (header?.format !== 1) return `unknown format ${String(header?.format)}`;
  const counts = [header.seq, header.terms, header.termBytes, header.postings, header.documents, header.totalTokens];
  if (
    typeof header.instance !== 'string' ||
    typeof header.stopWords !== 'string' ||
    !counts.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) ||
    !isIndexFileChecksums(header.body)
  )
    return 'header fields missing or of the wrong type';
  if (header.endianness !== endianness()) return `saved on a ${String(header.endianness)} machine`;
  return { header: header as KeywordIndexHeader, bodyAt: align4(PREFIX_BYTES + length) };
}

/**
 * The contents of a saved file's body, after its checksums and its structure were checked, or
 * what is wrong with it, in words. The arrays are views of `bytes` (copied once when misaligned).
 */
export function readKeywordIndexBody(bytes: Buffer, header: KeywordIndexHeader, bodyAt: number): KeywordIndexContents | string {
  const body = bytes.subarray(bodyAt);
  const damage = findIndexFileDamage(body, header.body);
  if (damage !== undefined) return damage;
  const { terms: t, postings: p, documents: d } = header;
  const lengths = [t, t, t + 1, 3 * p, d, d, d + 1, p];
  const start = align4(header.termBytes);
  if (start + lengths.reduce((a, b) => a + b, 0) * 4 !== body.length) return 'body size does not match its counts';
  const aligned = body.byteOffset % 4 === 0 ? body : Buffer.from(body);
  const arrays: Uint32Array[] = [];
  let at = aligned.byteOffset + start;
  for (const n of lengths) {
    arrays.push(new Uint32Array(aligned.buffer, at, n));
    at += n * 4;
  }
  const terms = t === 0 ? [] : aligned.subarray(0, header.termBytes).toString('utf8').split('\n');
  if (terms.length !== t) return 'term count does not match the header';
  const [maxTf, minLength, postingOffsets, postings, rows, docLengths, termOffsets, termIds] = arrays as [
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
    Uint32Array,
  ];
  const contents = {
    terms,
    maxTf,
    minLength,
    postingOffsets,
    postings,
    rows,
    lengths: docLengths,
    termOffsets,
    termIds,
    totalTokens: header.totalTokens,
  };
  return findKeywordContentsProblem(contents) ?? contents;
}
