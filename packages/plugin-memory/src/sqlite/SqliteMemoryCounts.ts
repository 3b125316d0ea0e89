import type Database from 'better-sqlite3';
import type { MemoryModality } from '../schema/memorySchemas.js';
import type { LongTermStatsCounts } from '../store/buildLongTermStats.js';
import { type KindModalityCount, liveCountsFrom } from '../store/liveCountsFrom.js';

type Counted = Pick<LongTermStatsCounts, 'kinds' | 'modalities'>;
type CountRow = KindModalityCount & { readonly n: number };

/**
 * Counts read from the database without scanning the table, whose rows carry the vectors: the live
 * (not expired) memories per kind and per modality, from the counts the database's triggers keep
 * (`memory_counts`) less the expired memories found on the partial index `memories_expiring`; and
 * the vectors, the sum of the kept counts. A read-only store on a folder whose writer predates the
 * counts (the schema is not applied) counts the table — its vectors on the partial index
 * `memories_embedded` where that exists.
 */
export class SqliteMemoryCounts {
  readonly #kept: Database.Statement<[], CountRow> | undefined;
  readonly #expired: Database.Statement<[number], CountRow> | undefined;
  readonly #keptVectors: Database.Statement<[], { n: number }> | undefined;
  readonly #scanKinds: Database.Statement<[number], { kind: string; n: number }>;
  readonly #scanModalities: Database.Statement<[number], { modality: MemoryModality; n: number }>;
  readonly #scanVectors: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    const kept = (db.prepare("SELECT value FROM meta WHERE key = 'counts_kept'").get() as { value: string } | undefined)?.value === '1';
    if (kept) {
      this.#kept = db.prepare('SELECT kind, modality, n FROM memory_counts');
      this.#keptVectors = db.prepare('SELECT total(vectors) AS n FROM memory_counts');
      this.#expired = db.prepare(
        'SELECT kind, modality, count(*) AS n FROM memories INDEXED BY memories_expiring WHERE expires_at IS NOT NULL AND expires_at <= ? GROUP BY kind, modality',
      );
    }
    const live = '(expires_at IS NULL OR expires_at > ?)';
    this.#scanKinds = db.prepare(`SELECT kind, count(*) AS n FROM memories WHERE ${live} GROUP BY kind ORDER BY kind`);
    this.#scanModalities = db.prepare(`SELECT modality, count(*) AS n FROM memories WHERE ${live} GROUP BY modality ORDER BY modality`);
    // SQLite's planner does not pick a partial index for `count(*)` by itself, hence `INDEXED BY`.
    const indexed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'memories_embedded'").get() !== undefined;
    this.#scanVectors = db.prepare(
      `SELECT count(*) AS n FROM ${indexed ? 'memories INDEXED BY memories_embedded' : 'memories'} WHERE embedding IS NOT NULL`,
    );
  }

  /** Memories with a vector (expired ones included: they stay in the vector index until deleted). */
  vectors(): number {
    return ((this.#keptVectors ?? this.#scanVectors).get() as { n: number }).n;
  }

  /** The live memories at `at` (epoch ms) per kind and per modality, each in name order, without empty entries. */
  count(at: number): Counted {
    if (this.#kept === undefined || this.#expired === undefined)
      return { kinds: this.#scanKinds.all(at), modalities: this.#scanModalities.all(at) };
    return liveCountsFrom(this.#kept.all(), this.#expired.all(at));
  }
}
