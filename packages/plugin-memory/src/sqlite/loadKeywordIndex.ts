import type Database from 'better-sqlite3';
import { createKeywordIndex, type KeywordIndex } from '../search/KeywordIndex.js';
import type { FtsTokenizer } from './createFtsTokenizer.js';

/** Rows read per page: bounded memory, few driver calls (a row-by-row iterator costs twice as much). */
const pageSize = 8192;

/**
 * Builds the in-process keyword index from the `memories` table's indexed words (`fts_text`,
 * the column FTS5 indexes), in row order so every posting is an append.
 */
export function loadKeywordIndex(db: Database.Database, tokenizer: FtsTokenizer): KeywordIndex {
  const index = createKeywordIndex();
  const page = db
    .prepare<[number, number], [number, string]>('SELECT row, fts_text FROM memories WHERE row > ? ORDER BY row LIMIT ?')
    .raw(true);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const rows = page.all(after, pageSize);
    for (const [row, text] of rows) index.set(row, tokenizer.tokens(text));
    const last = rows[rows.length - 1];
    if (last === undefined || rows.length < pageSize) return index;
    after = last[0];
  }
}
