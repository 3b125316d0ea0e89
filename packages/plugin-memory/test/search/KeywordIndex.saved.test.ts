import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createKeywordIndex, type KeywordIndex } from '../../src/search/KeywordIndex.js';
import { findKeywordContentsProblem } from '../../src/search/KeywordIndexContents.js';
import { encodeKeywordIndexFile, readKeywordIndexBody, readKeywordIndexHeader } from '../../src/storage/keywordIndexFile.js';

type Op = { readonly kind: 'set'; readonly row: number; readonly tokens: string[] } | { readonly kind: 'remove'; readonly row: number };

const terms = ['deploy', 'key', 'rotate', 'backup', 'café', 'σοφοσ', 'n1', 'n2', 'x'];
const term = fc.constantFrom(...terms);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      row: fc.integer({ min: 1, max: 40 }),
      tokens: fc.array(term, { maxLength: 8 }),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), row: fc.integer({ min: 1, max: 40 }) }), weight: 1 },
);

function apply(index: KeywordIndex, ops: readonly Op[]): boolean[] {
  return ops.map((o) => {
    if (o.kind === 'remove') return index.remove(o.row);
    index.set(o.row, o.tokens);
    return true;
  });
}

/** Everything a search reads from an index: totals, each term's postings and bounds, each row's length. */
function observe(index: KeywordIndex): unknown {
  const observed = terms.map((t) => {
    const list = index.postings(t);
    if (list === undefined) return [t, 'none'];
    const postings = Array.from({ length: list.length }, (_, i) => [list.rowAt(i), list.tfAt(i), list.lengthAt(i)]);
    // Bounds may be looser after removals; they must still bound every posting.
    for (const [, tf, length] of postings) expect(list.maxTf >= (tf as number) && list.minLength <= (length as number)).toBe(true);
    return [t, index.documentFrequency(t), postings];
  });
  const lengths = Array.from({ length: 41 }, (_, row) => index.documentLength(row));
  return { size: index.size, totalTokens: index.totalTokens, maxRow: index.maxRow(), terms: observed, lengths };
}

/** Saves through the file encoding and loads back, as a store does. */
function roundTrip(index: KeywordIndex): KeywordIndex {
  const contents = index.contents();
  if (contents === undefined) throw new Error('not savable');
  const bytes = encodeKeywordIndexFile(contents, { instance: 'i', stopWords: '', seq: 1 }) as Buffer;
  const read = readKeywordIndexHeader(bytes);
  if (typeof read === 'string') throw new Error(read);
  const body = readKeywordIndexBody(bytes, read.header, read.bodyAt);
  if (typeof body === 'string') throw new Error(body);
  return createKeywordIndex(body);
}

describe('a saved keyword index', () => {
  it('loads to the same index, and changes after loading leave it equal to one built with them', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(op, { maxLength: 40 }), (before, after) => {
        const built = createKeywordIndex();
        apply(built, before);
        const loaded = roundTrip(built);
        expect(observe(loaded)).toEqual(observe(built));
        expect(apply(loaded, after)).toEqual(apply(built, after));
        expect(observe(loaded)).toEqual(observe(built));
        // Saving a loaded-then-changed index (loaded and new documents mixed) round-trips as well.
        expect(observe(roundTrip(loaded))).toEqual(observe(built));
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it("makes loaded terms' lists only on use: counts, changes and saves with some or no list made match a built index (fast-check)", () => {
    // `observe` makes every list it reads; here only the `made` terms' lists are made (read) before
    // the index is changed and saved again, and the saved-again index is changed once more: its
    // documents' term ids, written for made and unmade terms alike, decide what removals drop.
    fc.assert(
      fc.property(
        fc.array(op, { maxLength: 60 }),
        fc.array(op, { maxLength: 40 }),
        fc.array(op, { maxLength: 40 }),
        fc.subarray(terms),
        fc.subarray(terms),
        (before, after, later, counted, made) => {
          const built = createKeywordIndex();
          apply(built, before);
          const loaded = roundTrip(built);
          for (const t of counted) expect(loaded.documentFrequency(t)).toBe(built.documentFrequency(t));
          for (const t of made) expect(loaded.postings(t)?.length).toBe(built.postings(t)?.length);
          expect(apply(loaded, after)).toEqual(apply(built, after));
          const resaved = roundTrip(loaded);
          expect(apply(resaved, later)).toEqual(apply(built, later));
          expect(observe(resaved)).toEqual(observe(built));
        },
      ),
      { numRuns: 300, seed: 20261207 },
    );
  });

  it('keeps every saved table consistent', () => {
    const index = createKeywordIndex();
    index.set(5, ['a', 'b', 'a']);
    index.set(2, []);
    index.set(9, ['b']);
    const contents = index.contents();
    expect(contents && findKeywordContentsProblem(contents)).toBeUndefined();
    expect(contents?.rows).toEqual(new Uint32Array([2, 5, 9]));
    expect(contents?.lengths).toEqual(new Uint32Array([0, 3, 1]));
  });

  it('refuses contents whose tables do not add up', () => {
    const contents = createKeywordIndex().contents();
    if (contents === undefined) throw new Error('empty index not savable');
    expect(findKeywordContentsProblem(contents)).toBeUndefined();
    expect(findKeywordContentsProblem({ ...contents, termIds: new Uint32Array([0]) })).toBe('document term offsets do not add up');
    const one = createKeywordIndex();
    one.set(1, ['a']);
    one.set(2, ['a']);
    const saved = one.contents();
    if (saved === undefined) throw new Error('not savable');
    expect(findKeywordContentsProblem({ ...saved, rows: new Uint32Array([2, 1]) })).toBe('documents out of row order');
    expect(findKeywordContentsProblem({ ...saved, termIds: new Uint32Array([0, 7]) })).toBe('a term id out of range');
  });

  it("keeps a loaded term's list right when a row past 32 bits joins it (the saved postings are 32-bit)", () => {
    const built = createKeywordIndex();
    for (let row = 1; row <= 5; row++) built.set(row, ['deploy', 'key']);
    const loaded = roundTrip(built);
    expect(loaded.postings('deploy')?.length).toBe(5); // made over the saved postings
    loaded.set(2 ** 33, ['deploy', 'deploy']);
    loaded.set(3, ['deploy', 'deploy', 'deploy']);
    const list = loaded.postings('deploy');
    const postings = Array.from({ length: list?.length ?? 0 }, (_, i) => [list?.rowAt(i), list?.tfAt(i), list?.lengthAt(i)]);
    expect(postings).toEqual([
      [1, 1, 2],
      [2, 1, 2],
      [3, 3, 3],
      [4, 1, 2],
      [5, 1, 2],
      [2 ** 33, 2, 2],
    ]);
    expect(loaded.remove(2 ** 33)).toBe(true);
    expect(loaded.documentFrequency('deploy')).toBe(5);
    expect(loaded.postings('key')?.length).toBe(4);
  });

  it('is not saved when a row does not fit 32 bits', () => {
    const index = createKeywordIndex();
    index.set(2 ** 33, ['a']);
    expect(index.contents()).toBeUndefined();
  });

  it('names what is wrong with a damaged file', () => {
    const index = createKeywordIndex();
    for (let row = 1; row <= 50; row++) index.set(row, ['deploy', `w${row % 7}`]);
    const bytes = encodeKeywordIndexFile(index.contents() as NonNullable<ReturnType<KeywordIndex['contents']>>, {
      instance: 'i',
      stopWords: 's',
      seq: 3,
    }) as Buffer;
    expect(readKeywordIndexHeader(Buffer.from('garbage!garbage!garbage!'))).toBe('not a keyword index file (bad magic)');
    expect(readKeywordIndexHeader(bytes.subarray(0, 20))).toBe('truncated header');
    const header = Buffer.from(bytes);
    header[20] = (header[20] as number) ^ 0xff;
    expect(readKeywordIndexHeader(header)).toBe('header checksum mismatch');
    const read = readKeywordIndexHeader(bytes);
    if (typeof read === 'string') throw new Error(read);
    expect(read.header).toMatchObject({ instance: 'i', stopWords: 's', seq: 3, documents: 50 });
    const middle = Buffer.from(bytes);
    middle[read.bodyAt + 40] = (middle[read.bodyAt + 40] as number) ^ 1;
    expect(readKeywordIndexBody(middle, read.header, read.bodyAt)).toBe('header checksum mismatch');
    const tail = Buffer.from(bytes);
    tail[tail.length - 1] = (tail[tail.length - 1] as number) ^ 1;
    expect(readKeywordIndexBody(tail, read.header, read.bodyAt)).toBe('block 1 of 1 checksum mismatch');
    expect(readKeywordIndexBody(bytes.subarray(0, bytes.length - 8), read.header, read.bodyAt)).toMatch(/bytes where .* were saved/);
  });
});
