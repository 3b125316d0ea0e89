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
  readonly #count: (at: number) => Counted;
  readonly #vectors: Database.Statement<[], { n: number }>;

  constructor(db: Database.Database) {
    const kept = (db.prepare("SELECT value FROM meta WHERE key = 'counts_kept'").get() as { value: string } | undefined)?.value === '1';
    if (kept) {
      const all = db.prepare<[], CountRow>('SELECT kind, modality, n FROM memory_counts');
      const expired = db.prepare<[number], CountRow>(
        'SELECT kind, modality, count(*) AS n FROM memories INDEXED BY memories_expiring WHERE expires_at IS NOT NULL AND expires_at <= ? GROUP BY kind, modality',
      );
      this.#count = (at) => liveCountsFrom(all.all(), expired.all(at));
      this.#vectors = db.prepare('SELECT total(vectors) AS n FROM memory_counts');
      return;
    }
    const live = '(expires_at IS NULL OR expires_at > ?)';
    const kinds = db.prepare<[number], { kind: string; n: number }>(
      `SELECT kind, count(*) AS n FROM memories WHERE ${live} GROUP BY kind ORDER BY kind`,
    );
    const modalities = db.prepare<[number], { modality: MemoryModality; n: number }>(
      `SELECT modality, count(*) AS n FROM memories WHERE ${live} GROUP BY modality ORDER BY modality`,
    );
    this.#count = (at) => ({ kinds: kinds.all(at), modalities: modalities.all(at) });
    // SQLite's planner does not pick a partial index for `count(*)` by itself, hence `INDEXED BY`.
    const indexed = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'memories_embedded'").get() !== undefined;
    this.#vectors = db.prepare(
      `SELECT count(*) AS n FROM ${indexed ? 'memories INDEXED BY memories_embedded' : 'memories'} WHERE embedding IS NOT NULL`,
    );
  }

  /** Memories with a vector (expired ones included: they stay in the vector index until deleted). */
  vectors(): number {
    return (this.#vectors.get() as { n: number }).n;
  }

  /** The live memories at `at` (epoch ms) per kind and per modality, each in name order, without empty entries. */
  count(at: number): Counted {
    return this.#count(at);
  }
}
