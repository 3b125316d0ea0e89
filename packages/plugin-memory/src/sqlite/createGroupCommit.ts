/** What one job of a group commit came to: its value, or the error that rolled back its part. */
export type GroupCommitOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

/**
 * How concurrent stores share commits (SQLite store option `groupCommit`).
 * @public
 */
export interface GroupCommitOptions {
  /**
   * How long a queued store may wait for stores still being validated and embedded, in ms
   * (default 2). Stores queued in the same turn of the event loop always share a commit (on the
   * next `setImmediate`); when other stores have begun but not yet queued — concurrent HTTP
   * requests, each embedded on its own — the commit waits for them until they have all queued
   * or the window closes. A store with none beside it is never delayed. 0: never wait.
   */
  readonly windowMs?: number | undefined;
  /**
   * How long every commit waits for more stores, in ms, whether or not any are seen coming
   * (default 0). For a server whose concurrent stores arrive over the network: each request is
   * read and parsed on its own, so the store cannot see the others coming until they reach it.
   * Every store pays this latency; measured in `bench/memory/rest.bench.ts` (ADR 0034).
   */
  readonly delayMs?: number | undefined;
  /** Most stores in one commit; a full batch is committed on the next turn without waiting for the window (default 1,000). */
  readonly maxJobs?: number | undefined;
}

/**
 * Writes that arrive while the event loop is busy, committed together.
 * @typeParam J - One caller's job (what to write).
 * @typeParam R - What that caller gets back once the commit is durable.
 */
export interface GroupCommit<J, R> {
  /** Queues a job; resolves after the transaction holding it committed (rejects with its own error only). */
  write(job: J): Promise<R>;
  /** Commits what is queued now (before closing the database); returns once the callers are settled. */
  flush(): void;
}

/**
 * Coalesces concurrent writes into one transaction: jobs queued in the same turn of the event loop
 * are handed to `commit` together, and while `coming()` says more are on their way, up to
 * `windowMs` later ones too. With `synchronous =
 * FULL` every commit waits for the disk, so 1,000 concurrent single stores become a few commits
 * instead of 1,000 — the reason concurrent REST stores were ~3× slower than one `storeMany`.
 * With `options` `false`, every job is committed alone, at once (the baseline the bench compares).
 *
 * `commit` runs every job in one transaction, each job in a savepoint of its own, and reports
 * each job's outcome, so one bad job fails only its caller; when the transaction itself fails
 * (the disk), every caller of the batch is rejected and none of the batch is stored. Callers are
 * answered only after the commit returned: acknowledged writes are durable.
 */
export function createGroupCommit<J, R>(
  commit: (jobs: readonly J[]) => readonly GroupCommitOutcome<R>[],
  options: GroupCommitOptions | false = {},
  coming: () => number = () => 0,
): GroupCommit<J, R> {
  let queued: { job: J; resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled: { readonly waiting: boolean; readonly cancel: () => void } | undefined;
  const windowMs = options === false ? 0 : (options.windowMs ?? 2);
  const delayMs = options === false ? 0 : (options.delayMs ?? 0);
  const maxJobs = options === false ? 1 : (options.maxJobs ?? 1_000);

  /** Commits on the next turn, or after the delay, or — while other stores are still coming — when the window closes. */
  function schedule(): void {
    const waitMs = queued.length >= maxJobs ? 0 : coming() > 0 ? Math.max(windowMs, delayMs) : delayMs;
    const wait = waitMs > 0;
    if (scheduled !== undefined && (scheduled.waiting === wait || !scheduled.waiting)) return;
    scheduled?.cancel();
    if (wait) {
      const timer = setTimeout(flush, waitMs);
      scheduled = { waiting: true, cancel: () => clearTimeout(timer) };
    } else {
      const immediate = setImmediate(flush);
      scheduled = { waiting: false, cancel: () => clearImmediate(immediate) };
    }
  }

  function settle(batch: typeof queued): void {
    let outcomes: readonly GroupCommitOutcome<R>[];
    try {
      outcomes = commit(batch.map((q) => q.job));
    } catch (error) {
      // The transaction itself failed (e.g. the disk): nothing of the batch was written.
      for (const q of batch) q.reject(error);
      return;
    }
    batch.forEach((q, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined) q.reject(new Error('group commit returned no outcome for a job'));
      else if (outcome.ok) q.resolve(outcome.value);
      else q.reject(outcome.error);
    });
  }

  function flush(): void {
    scheduled?.cancel();
    scheduled = undefined;
    while (queued.length > 0) {
      const batch = queued.slice(0, maxJobs);
      queued = queued.slice(batch.length);
      settle(batch);
    }
  }

  return {
    write(job) {
      return new Promise<R>((resolve, reject) => {
        queued.push({ job, resolve, reject });
        if (options === false) flush();
        else schedule();
      });
    },
    flush,
  };
}
