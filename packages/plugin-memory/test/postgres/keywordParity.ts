import type { Pool } from 'pg';
import { createSqliteMemoryStore } from '../../src/sqlite/createSqliteMemoryStore.js';
import { englishStopWords, toFtsTerms } from '../../src/search/toFtsQuery.js';
import { toPostgresFtsText } from '../../src/postgres/postgresSql.js';
import { searchPostgresKeywords } from '../../src/postgres/searchPostgresKeywords.js';

/** A small corpus with repeated words, stop words, diacritics and varied lengths. */
export const parityCorpus: readonly string[] = [
  'The deploy key for production rotates every ninety days',
  'Lunch is served at noon in the cafeteria',
  'Production database backups run nightly at two; production restores are tested monthly',
  'Rotate credentials after an incident, then rotate the deploy key again',
  'The cafeteria closes on Fridays',
  'Café au lait is served in the café from seven',
  'Key rotation policy: keys rotate, tokens rotate, certificates rotate',
  'Nightly jobs: backups, reports, index maintenance and cache warm-up for production',
];

export const parityQueries: readonly string[] = [
  'production',
  'deploy key rotate',
  'cafeteria noon',
  'cafe',
  'nightly backups production',
  'rotate',
  'nothing matches this',
];

/** Keyword scores normalised by the best match, keyed by text: the SQLite store's, and BM25 computed by PostgreSQL over the same texts. */
export async function keywordParity(
  pool: Pool,
  quotedSchema: string,
): Promise<{ query: string; sqlite: Map<string, number>; postgres: Map<string, number> }[]> {
  const now = () => Date.UTC(2026, 0, 1);
  await using sqlite = await createSqliteMemoryStore({ now });
  await sqlite.storeMany(parityCorpus.map((text) => ({ text })));
  let i = 0;
  for (const text of parityCorpus) {
    const words = toPostgresFtsText(text, englishStopWords);
    i += 1;
    await pool.query(
      `INSERT INTO ${quotedSchema}.memories (id, kind, text, modality, tags, metadata, tier, created_at, updated_at, version, fts_text, fts_tokens)
       VALUES ($1, 'note', $2, 'text', '{}', '{}', 'ltm', 0, 0, 1, $3, $4)`,
      [`0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`, text, words.ftsText, words.ftsTokens],
    );
  }
  const textOf = new Map(
    (await pool.query<{ seq: string; text: string }>(`SELECT seq, text FROM ${quotedSchema}.memories`)).rows.map((r) => [
      Number(r.seq),
      r.text,
    ]),
  );
  const results = [];
  for (const query of parityQueries) {
    const hits = await sqlite.search({ query, mode: 'keyword', limit: 50 });
    const raw = await searchPostgresKeywords(pool, quotedSchema, toFtsTerms(query, englishStopWords), { limit: 50 });
    const best = Math.max(0, ...raw.values());
    results.push({
      query,
      sqlite: new Map(hits.map((h) => [h.memory.text, h.keywordScore])),
      postgres: new Map([...raw].map(([seq, score]) => [textOf.get(seq) as string, score / best])),
    });
  }
  return results;
}
