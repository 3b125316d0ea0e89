import type Database from 'better-sqlite3';
import { createKeywordIndex, type KeywordIndex } from '../search/KeywordIndex.js';
import { KEYWORD_INDEX_FILE, type KeywordIndexFileVerdict, KeywordIndexPersistence } from '../storage/KeywordIndexPersistence.js';
import type { MemoryStorageIo } from '../storage/MemoryStorageIo.js';
import type { StorageGuard } from '../storage/StorageGuard.js';
import type { FtsTokenizer } from './createFtsTokenizer.js';
import { loadKeywordIndex } from './loadKeywordIndex.js';

/** Options of {@link SqliteKeywordIndex}. */
export interface SqliteKeywordIndexOptions {
  readonly db: Database.Database;
  readonly tokenizer: FtsTokenizer;
  /** Where the index is saved; `undefined` for an in-memory store (never saved). */
  readonly dataDir: string | undefined;
  /** A read-only store loads a saved index it can trust but never saves or logs. */
  readonly readOnly: boolean;
  readonly io: MemoryStorageIo;
  readonly guard: StorageGuard;
  readonly warn: (message: string) => void;
  readonly saveEvery: number;
  /** The database's instance marker. */
  readonly instance: string;
}

/** Keeps `keyword_log` in step with every change of the indexed words, in the writing transaction (see ADR 0024). */
const logTriggers = `
CREATE TRIGGER IF NOT EXISTS memories_kw_ai AFTER INSERT ON memories BEGIN INSERT INTO keyword_log(row) VALUES (new.row); END;
CREATE TRIGGER IF NOT EXISTS memories_kw_ad AFTER DELETE ON memories BEGIN INSERT INTO keyword_log(row) VALUES (old.row); END;
CREATE TRIGGER IF NOT EXISTS memories_kw_au AFTER UPDATE OF fts_text ON memories BEGIN INSERT INTO keyword_log(row) VALUES (new.row); END;
`;

type Loaded = { readonly index: KeywordIndex; readonly replayed: number };
type Refused = { readonly problem: string; readonly damaged: boolean };

/**
 * The SQLite driver's keyword index: loaded from its saved file when the file passes its checks
 * (magic, header checksum, database instance and stop list, log high-water mark, block checksums,
 * structure) and the change log since its save is replayed, then cross-checked against the table
 * (document count, highest row); otherwise rebuilt from the table with a warning naming the file.
 */
export class SqliteKeywordIndex {
  readonly #options: SqliteKeywordIndexOptions;
  readonly #db: Database.Database;
  readonly persistence: KeywordIndexPersistence | undefined;
  index: KeywordIndex = createKeywordIndex();
  openedBy: 'loaded' | 'repaired' | 'rebuilt' | 'empty' = 'empty';

  constructor(options: SqliteKeywordIndexOptions) {
    this.#options = options;
    this.#db = options.db;
    if (options.dataDir === undefined) return;
    this.persistence = new KeywordIndexPersistence({
      dataDir: options.dataDir,
      io: options.io,
      warn: options.warn,
      saveEvery: options.readOnly ? Number.POSITIVE_INFINITY : options.saveEvery,
      snapshot: () => this.#snapshot(),
      saved: (seq) => this.#trim(seq),
    });
  }

  #meta(key: string): string | undefined {
    return (this.#db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  /** The last keyword change logged (AUTOINCREMENT never reuses one), 0 before the first. */
  #lastSeq(): number {
    const row = this.#db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'keyword_log'").get() as { seq: number } | undefined;
    return row?.seq ?? 0;
  }

  #snapshot(): ReturnType<ConstructorParameters<typeof KeywordIndexPersistence>[0]['snapshot']> {
    // A folder now at the path is not this store's (removed or replaced): nothing is saved into it.
    if (this.#options.readOnly || this.#options.guard.removed) return undefined;
    const contents = this.index.contents();
    if (contents === undefined) return undefined;
    return { contents, stamp: { instance: this.#options.instance, stopWords: this.#meta('fts_stop_words') ?? '', seq: this.#lastSeq() } };
  }

  /** After a save: log entries it covers go, and the mark of what went is raised (an older file then no longer passes). */
  #trim(seq: number): void {
    this.#db.transaction(() => {
      // Saves run between writes, so usually the whole log is covered: a DELETE without WHERE
      // lets SQLite drop the table's pages at once instead of visiting a million rows.
      if (seq >= this.#lastSeq()) this.#db.prepare('DELETE FROM keyword_log').run();
      else this.#db.prepare('DELETE FROM keyword_log WHERE seq <= ?').run(seq);
      this.#db
        .prepare(
          "INSERT INTO meta(key, value) VALUES ('keyword_log_trimmed', ?) ON CONFLICT(key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        )
        .run(String(seq));
    })();
  }

  /** Loads, repairs or rebuilds the index at open. */
  open(): void {
    const persistence = this.persistence;
    if (persistence !== undefined && !this.#options.readOnly) this.#db.exec(logTriggers);
    const verdict: KeywordIndexFileVerdict = persistence?.read() ?? { state: 'none' };
    const outcome: Loaded | Refused =
      verdict.state === 'sound'
        ? this.#loadSaved(verdict)
        : { problem: verdict.state === 'damaged' ? verdict.problem : '', damaged: verdict.state === 'damaged' };
    if ('index' in outcome) {
      this.index = outcome.index;
      this.openedBy = outcome.replayed === 0 ? 'loaded' : 'repaired';
      persistence?.noteChanges(outcome.replayed);
      return;
    }
    if (outcome.problem !== '') {
      this.#options.warn(
        `the keyword index file ${KEYWORD_INDEX_FILE} is ${outcome.damaged ? 'damaged' : 'out of date'} (${outcome.problem}); rebuilding it from the database`,
      );
      if (outcome.damaged && !this.#options.readOnly) persistence?.discard();
    }
    this.index = loadKeywordIndex(this.#db, this.#options.tokenizer);
    this.openedBy = this.index.size === 0 ? 'empty' : 'rebuilt';
    persistence?.noteChanges(this.index.size);
  }

  /** The saved index with the logged changes since its save replayed, checked against the table; or why it cannot be used. */
  #loadSaved(verdict: Extract<KeywordIndexFileVerdict, { state: 'sound' }>): Loaded | Refused {
    const { header } = verdict;
    if (header.instance !== this.#options.instance) return { problem: 'saved for another database', damaged: false };
    if (header.stopWords !== (this.#meta('fts_stop_words') ?? '')) return { problem: 'saved with another stop list', damaged: false };
    const hasLog = this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'keyword_log'").get() !== undefined;
    if (!hasLog) return { problem: 'the database has no keyword change log', damaged: false };
    // One read transaction: the log, the mark and the table are seen at one moment (another
    // process may be writing and trimming while a read-only store opens).
    return this.#db.transaction((): Loaded | Refused => {
      if (header.seq < Number(this.#meta('keyword_log_trimmed') ?? 0))
        return { problem: 'changes made since it was saved are no longer logged', damaged: false };
      if (header.seq > this.#lastSeq()) return { problem: 'saved ahead of the database (a restored backup?)', damaged: false };
      const contents = verdict.contents();
      if (typeof contents === 'string') return { problem: contents, damaged: true };
      const index = createKeywordIndex(contents);
      const pending = this.#db
        .prepare(
          'SELECT l.row AS row, m.fts_text AS text FROM (SELECT DISTINCT row FROM keyword_log WHERE seq > ?) l LEFT JOIN memories m ON m.row = l.row',
        )
        .all(header.seq) as { row: number; text: string | null }[];
      for (const { row, text } of pending) {
        if (text === null) index.remove(row);
        else index.set(row, this.#options.tokenizer.tokens(text));
      }
      const table = this.#db.prepare('SELECT count(*) AS n, max(row) AS last FROM memories').get() as { n: number; last: number | null };
      if (index.size !== table.n || (index.maxRow() ?? null) !== table.last)
        return { problem: `${index.size} documents where the table has ${table.n} rows`, damaged: false };
      return { index, replayed: pending.length };
    })();
  }

  /** After a commit that changed indexed words: the save it may trigger runs later, outside the write's outcome. */
  noteChanges(count: number): void {
    if (!this.#options.readOnly) this.persistence?.noteChanges(count);
  }

  /** Saves what is unsaved (a writable store); never throws. */
  close(): void {
    if (!this.#options.readOnly) this.persistence?.close();
  }
}
