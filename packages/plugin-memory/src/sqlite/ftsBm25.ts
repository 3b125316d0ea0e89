import type Database from 'better-sqlite3';

/** FTS5's own corpus statistics: rows in the index and tokens in its one column. */
export interface FtsAverages {
  readonly rows: number;
  readonly tokens: number;
}

/** SQLite/FTS5 varint: big-endian 7-bit groups, high bit set on all but the last; a 9th byte carries 8 bits. */
function readVarint(bytes: Uint8Array, offset: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) return { value, next: offset + i };
    if (i === 8) return { value: value * 256 + byte, next: offset + 9 };
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) return { value, next: offset + i + 1 };
  }
  return { value, next: offset + 9 };
}

/**
 * Reads FTS5's "averages" record (id 1 of the `_data` shadow table: varint row count, then a
 * varint token total per column) — the figures its own `bm25()` uses — so that BM25 computed
 * here agrees with FTS5's to rounding.
 */
export function readFtsAverages(db: Database.Database, table: string): FtsAverages {
  const record = db.prepare(`SELECT block FROM ${table}_data WHERE id = 1`).get() as { block: Buffer } | undefined;
  if (record === undefined || record.block.length === 0) return { rows: 0, tokens: 0 };
  const rows = readVarint(record.block, 0);
  const tokens = readVarint(record.block, rows.next);
  return { rows: rows.value, tokens: tokens.value };
}
