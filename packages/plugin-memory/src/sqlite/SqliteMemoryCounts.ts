import type Database from 'better-sqlite3';
import type { MemoryModality } from '../schema/memorySchemas.js';
import type { LongTermStatsCounts } from '../store/buildLongTermStats.js';

type Counted = Pick<LongTermStatsCounts, 'kinds' | 'modalities'>;
interface CountRow {
  readonly kind: string;
  readonly modality: MemoryModality;
  readonly n: number;
}

/** Adds `n` to `key`'s entry of `into`. */
function tally(into: Map<string, number>, key: string, n: number): void {
  into.set(key, (into.get(key) ?? 0) + n);
}

/** The non-zero entries of `counts`, in name order. */
function nonZero(counts: Map<string, number>): [string, number][] {
  return [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

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
    const kinds = new Map<string, number>();
    const modalities = new Map<string, number>();
    for (const { kind, modality, n } of this.#kept.all()) {
      tally(kinds, kind, n);
      tally(modalities, modality, n);
    }
    for (const { kind, modality, n } of this.#expired.all(at)) {
      tally(kinds, kind, -n);
      tally(modalities, modality, -n);
    }
    return {
      kinds: nonZero(kinds).map(([kind, n]) => ({ kind, n })),
      modalities: nonZero(modalities).map(([modality, n]) => ({ modality: modality as MemoryModality, n })),
    };
  }
}
