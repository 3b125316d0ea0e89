import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSqliteMemoryStore, englishStopWords } from '@cortex-os/plugin-memory';
import { toFtsQuery, toFtsTerms } from '../../src/search/toFtsQuery.js';

describe('toFtsQuery', () => {
  it('quotes every term and joins them with OR, dropping operators and punctuation', () => {
    expect(toFtsQuery('NEAR(cafe* "noon") AND ^lunch')).toBe('"near" OR "cafe" OR "noon" OR "and" OR "lunch"');
    expect(toFtsQuery('what is the lift', englishStopWords)).toBe('"lift"');
    expect(toFtsQuery('"; DROP TABLE x; --')).toBe('"drop" OR "table" OR "x"');
    expect(toFtsQuery('  \u0000\u0007 ')).toBeUndefined();
  });

  it('only ever emits quoted letter-and-digit runs (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (input) => {
        const query = toFtsQuery(input);
        if (query === undefined) return toFtsTerms(input).length === 0;
        return /^"[\p{L}\p{N}]+"( OR "[\p{L}\p{N}]+")*$/u.test(query);
      }),
      { numRuns: 2000, seed: 42 },
    );
  });

  it('arbitrary query strings never throw and never change the store (property)', async () => {
    await using store = await createSqliteMemoryStore();
    await store.storeMany([
      { text: 'near the cafeteria at noon' },
      { text: 'select star from memories where one equals one' },
      { text: 'drop table memories' },
    ]);
    const fragments = fc.constantFrom(
      '"',
      "'",
      'NEAR',
      'NEAR(',
      '*',
      '^',
      'AND',
      'OR',
      'NOT',
      '(',
      ')',
      ':',
      'text:',
      '{',
      '}',
      '-',
      '+',
      ';',
      '--',
      'DROP TABLE memories',
      "' OR 1=1 --",
      '\u0000',
      '\u001b',
      '\ud800',
      'cafeteria',
      'noon',
      ' ',
    );
    const arbitraryQuery = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    await fc.assert(
      fc.asyncProperty(arbitraryQuery, async (query) => {
        const hits = await store.search({ query, mode: 'keyword', limit: 5 });
        const terms = new Set(toFtsTerms(query, englishStopWords));
        // Every hit contains at least one query term as a word: the query matched words, nothing else.
        return hits.every((h) => toFtsTerms(h.memory.text).some((t) => terms.has(t)));
      }),
      { numRuns: 400, seed: 7 },
    );
    expect((await store.stats()).total).toBe(3);
    expect((await store.checkIntegrity()).ok).toBe(true);
  });
});
