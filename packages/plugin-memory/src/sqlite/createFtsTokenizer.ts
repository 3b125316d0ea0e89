import Database from 'better-sqlite3';

/** Splits text into tokens exactly as the store's FTS5 table (`unicode61`) does. */
export interface FtsTokenizer {
  /** The tokens of `text` in order, repeats kept. */
  tokens(text: string): string[];
  /** Releases the tokenizer's private database. */
  close(): void;
}

/** Words that the `unicode61` tokenizer certainly leaves as they are: ASCII letters and digits. */
const plainWords = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/**
 * Creates a tokenizer that asks FTS5 itself, through a private in-memory FTS5 table with the
 * store's tokenizer and an `fts5vocab` view of it. The store's indexed words (`fts_text`) are
 * already folded, so plain ASCII words are taken as they are (split on spaces) and only text
 * with other characters goes through FTS5 — whose Unicode tables (case folding such as
 * `ς` → `σ`, what counts as a letter) can differ from JavaScript's.
 */
export function createFtsTokenizer(): FtsTokenizer {
  let db: Database.Database | undefined;
  let insert: Database.Statement<[string]> | undefined;
  let read: Database.Statement<[], { term: string }> | undefined;
  let clear: Database.Statement | undefined;

  function viaFts(text: string): string[] {
    if (db === undefined) {
      db = new Database(':memory:');
      db.exec(
        "CREATE VIRTUAL TABLE words USING fts5(w, tokenize='unicode61'); CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, 'instance');",
      );
      insert = db.prepare<[string]>('INSERT INTO words(rowid, w) VALUES (1, ?)');
      read = db.prepare<[], { term: string }>('SELECT term FROM words_vocab ORDER BY offset');
      clear = db.prepare('DELETE FROM words');
    }
    (insert as Database.Statement<[string]>).run(text);
    const out = (read as Database.Statement<[], { term: string }>).all().map((r) => r.term);
    (clear as Database.Statement).run();
    return out;
  }

  return {
    tokens(text) {
      if (text === '') return [];
      return plainWords.test(text) ? text.split(' ') : viaFts(text);
    },
    close() {
      db?.close();
      db = undefined;
    },
  };
}
