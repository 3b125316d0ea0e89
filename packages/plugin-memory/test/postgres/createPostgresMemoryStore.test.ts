import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createPostgresMemoryStore } from '../../src/postgres/createPostgresMemoryStore.js';
import { postgresFilterSql, toPostgresFtsText, toVectorLiteral } from '../../src/postgres/postgresSql.js';
import { englishStopWords } from '../../src/search/toFtsQuery.js';

describe('createPostgresMemoryStore', () => {
  it('rejects a schema name that is not a plain identifier before connecting', async () => {
    for (const schema of ['Memory', 'a-b', 'x"; DROP TABLE y; --', '', '1abc', 'a'.repeat(64)]) {
      const error = await createPostgresMemoryStore({ connectionString: 'postgres://nobody@127.0.0.1:1/none', schema }).catch(
        (e: unknown) => e,
      );
      expect(CortexError.is(error, 'MEMORY_INPUT_INVALID'), schema).toBe(true);
    }
  });

  it('needs a connection string or a pool', async () => {
    const error = await createPostgresMemoryStore({}).catch((e: unknown) => e);
    expect(CortexError.is(error, 'MEMORY_INPUT_INVALID')).toBe(true);
  });
});

describe('toVectorLiteral', () => {
  it('writes float32 values that read back exactly (−0 as 0, which has the same cosine)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: 1, maxLength: 32 }), (values) => {
        const vector = Float32Array.from(values);
        const literal = toVectorLiteral(vector);
        expect(literal).toMatch(/^\[[-0-9.e+,]+\]$/);
        expect(Float32Array.from(literal.slice(1, -1).split(',').map(Number))).toEqual(vector.map((x) => x + 0));
      }),
      { seed: 20260101 },
    );
  });
});

describe('toPostgresFtsText', () => {
  it('indexes folded words without stop words, as the SQLite store does', () => {
    expect(toPostgresFtsText('The Café opens at 7, NOT at 8!', englishStopWords)).toEqual({ ftsText: 'cafe opens 7 8', ftsTokens: 4 });
  });

  it('caps the indexed words at 500,000 characters (a tsvector holds at most 1 MB)', () => {
    const { ftsText, ftsTokens } = toPostgresFtsText('word '.repeat(200_000), new Set());
    expect(ftsText.length).toBeLessThanOrEqual(500_000);
    expect(ftsTokens).toBe(100_000);
  });
});

describe('postgresFilterSql', () => {
  it('turns every filter into a parameterised condition, expiry first', () => {
    expect(
      postgresFilterSql({ kinds: ['a', 'b'], tags: ['x', 'y'], modalities: ['image'], tiers: ['ltm'], createdFrom: 5, createdTo: 9 }, 100),
    ).toEqual({
      sql: '(m.expires_at IS NULL OR m.expires_at > $1) AND m.kind = ANY($2::text[]) AND m.modality = ANY($3::text[]) AND m.tier = ANY($4::text[]) AND m.tags @> $5::text[] AND m.created_at >= $6 AND m.created_at < $7',
      params: [100, ['a', 'b'], ['image'], ['ltm'], ['x', 'y'], 5, 9],
    });
    expect(postgresFilterSql(undefined, 1)).toEqual({ sql: '(m.expires_at IS NULL OR m.expires_at > $1)', params: [1] });
  });

  it('never puts a value into the SQL text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 5 }), (tags) => {
        const where = postgresFilterSql({ tags, kinds: tags }, 0);
        expect(where.sql).not.toMatch(/'/);
        expect(where.params).toContain(tags);
      }),
      { seed: 7 },
    );
  });
});
