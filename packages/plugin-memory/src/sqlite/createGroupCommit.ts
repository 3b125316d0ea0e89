/** What one job of a group commit came to: its value, or the error that rolled back its part. */
export type GroupCommitOutcome<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

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
 * are handed to `commit` together on the next `setImmediate`. With `synchronous = FULL` every
 * commit waits for the disk, so 1,000 concurrent single stores become a few commits instead of
 * 1,000 — the reason concurrent REST stores were ~3× slower than one `storeMany`.
 *
 * `commit` runs every job in one transaction, each job in a savepoint of its own, and reports
 * each job's outcome, so one bad job fails only its caller. Callers are answered only after the
 * commit returned: acknowledged writes are durable, as before.
 */
export function createGroupCommit<J, R>(commit: (jobs: readonly J[]) => readonly GroupCommitOutcome<R>[]): GroupCommit<J, R> {
  let queued: { job: J; resolve: (value: R) => void; reject: (error: unknown) => void }[] = [];
  let scheduled: NodeJS.Immediate | undefined;

  function flush(): void {
    if (scheduled !== undefined) clearImmediate(scheduled);
    scheduled = undefined;
    const batch = queued;
    queued = [];
    if (batch.length === 0) return;
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

  return {
    write(job) {
      return new Promise<R>((resolve, reject) => {
        queued.push({ job, resolve, reject });
        scheduled ??= setImmediate(flush);
      });
    },
    flush,
  };
}
