import { join } from 'node:path';
import { describeIoError } from './describeIoError.js';
import { IndexSaveSchedule } from './IndexSaveSchedule.js';
import type { KeywordIndexContents } from '../search/KeywordIndexContents.js';
import {
  encodeKeywordIndexFile,
  type KeywordIndexHeader,
  type KeywordIndexStamp,
  readKeywordIndexBody,
  readKeywordIndexHeader,
} from './keywordIndexFile.js';
import type { MemoryStorageIo } from './MemoryStorageIo.js';

/** The saved keyword index's file name in the data folder. */
export const KEYWORD_INDEX_FILE = 'memories.postings';

/** What {@link KeywordIndexPersistence.read} found: a file that passed every check, none, or a damaged one. */
export type KeywordIndexFileVerdict =
  | { readonly state: 'sound'; readonly header: KeywordIndexHeader; readonly contents: () => KeywordIndexContents | string }
  | { readonly state: 'none' }
  | { readonly state: 'damaged'; readonly problem: string };

/** Options of {@link KeywordIndexPersistence}. */
export interface KeywordIndexPersistenceOptions {
  readonly dataDir: string;
  readonly io: MemoryStorageIo;
  /** Where failures to save are reported (they never fail a write). */
  readonly warn: (message: string) => void;
  /** Save after this many keyword changes since the last save. */
  readonly saveEvery: number;
  /** What to save now, or undefined when nothing can be (see `KeywordIndex.contents`). */
  readonly snapshot: () => { readonly contents: KeywordIndexContents; readonly stamp: KeywordIndexStamp } | undefined;
  /** Called after a save with the change log position it covers (older log entries can go). */
  readonly saved: (seq: number) => void;
}

/**
 * Saves the keyword index (postings, document lengths, totals) beside the database, outside every
 * write's outcome, like the vector index: derived data that a failed save only leaves older (a
 * warning, and a retry on the store's timer); the next open checks the file and replays or
 * rebuilds from the database.
 */
export class KeywordIndexPersistence {
  readonly path: string;
  readonly #options: KeywordIndexPersistenceOptions;
  readonly #schedule: IndexSaveSchedule;

  constructor(options: KeywordIndexPersistenceOptions) {
    this.#options = options;
    this.path = join(options.dataDir, KEYWORD_INDEX_FILE);
    this.#schedule = new IndexSaveSchedule(
      options.saveEvery,
      () => this.#write(),
      (reason) =>
        options.warn(
          `could not save the keyword index (${KEYWORD_INDEX_FILE}): ${reason}; writes go on, the index is repaired or rebuilt from the database on open, and the save is retried.`,
        ),
    );
  }

  /** Why the last save failed, while it has not succeeded since. */
  get failure(): string | undefined {
    return this.#schedule.failure;
  }

  /**
   * Reads the saved file and checks its header; the body's checksums and structure are checked
   * by `contents()`, called only once the header's stamp matches the database. Never throws.
   */
  read(): KeywordIndexFileVerdict {
    let bytes: Buffer | undefined;
    try {
      bytes = this.#options.io.readFile(this.path);
    } catch (error) {
      return { state: 'damaged', problem: describeIoError(error) };
    }
    if (bytes === undefined) return { state: 'none' };
    const read = readKeywordIndexHeader(bytes);
    if (typeof read === 'string') return { state: 'damaged', problem: read };
    const file = bytes;
    return { state: 'sound', header: read.header, contents: () => readKeywordIndexBody(file, read.header, read.bodyAt) };
  }

  /** Removes the saved file (found damaged or stale). Never throws: a file left in place fails its checks again. */
  discard(): void {
    try {
      this.#options.io.remove(this.path);
    } catch {
      // See above.
    }
  }

  /** Records keyword changes after their commit; a save is scheduled (after the writers are answered) once enough piled up. */
  noteChanges(count: number): void {
    this.#schedule.noteChanges(count);
  }

  /** Marks the saved file as out of date (found damaged), so the next save — at the latest on close — replaces it. */
  markStale(): void {
    this.#schedule.markStale(1);
  }

  /** What is wrong with the saved file (header, then every block's checksum and the structure), or undefined when it is sound or absent. Never throws. */
  damage(): string | undefined {
    const verdict = this.read();
    if (verdict.state === 'none') return undefined;
    if (verdict.state === 'damaged') return verdict.problem;
    const contents = verdict.contents();
    return typeof contents === 'string' ? contents : undefined;
  }

  /** Saves now; returns whether it worked (a failure is warned about and remembered, never thrown). */
  trySave(): boolean {
    return this.#schedule.trySave();
  }

  /** Retries a failed save (called on the store's timer). */
  retry(): void {
    this.#schedule.retry();
  }

  /** Saves what is unsaved before the store closes; never throws. */
  close(): void {
    this.#schedule.close();
  }

  /** Writes the file beside its final name and renames it over it: a crash leaves the old file or the new one. */
  #write(): boolean {
    const snapshot = this.#options.snapshot();
    const bytes = snapshot === undefined ? undefined : encodeKeywordIndexFile(snapshot.contents, snapshot.stamp);
    if (snapshot === undefined || bytes === undefined) return false;
    this.#options.io.writeFile(`${this.path}.tmp`, bytes);
    this.#options.io.rename(`${this.path}.tmp`, this.path);
    this.#options.saved(snapshot.stamp.seq);
    return true;
  }
}
