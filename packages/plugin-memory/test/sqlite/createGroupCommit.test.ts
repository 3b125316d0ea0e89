import { describe, expect, it } from 'vitest';
import { createGroupCommit, type GroupCommitOutcome } from '../../src/sqlite/createGroupCommit.js';

/** A commit that records its batches and fails the jobs named "bad" (as a rolled-back savepoint would). */
function recordingCommit(): { batches: string[][]; commit: (jobs: readonly string[]) => GroupCommitOutcome<string>[] } {
  const batches: string[][] = [];
  return {
    batches,
    commit(jobs) {
      batches.push([...jobs]);
      return jobs.map((job) =>
        job === 'bad' ? { ok: false, error: new Error(`rejected ${job}`) } : { ok: true, value: job.toUpperCase() },
      );
    },
  };
}

describe('createGroupCommit', () => {
  it('commits jobs queued in the same turn together and answers each caller with its own value', async () => {
    const { batches, commit } = recordingCommit();
    const group = createGroupCommit(commit);
    const answers = await Promise.all(['a', 'b', 'c'].map((job) => group.write(job)));
    expect(answers).toEqual(['A', 'B', 'C']);
    expect(batches).toEqual([['a', 'b', 'c']]);
  });

  it('commits jobs of later turns separately, in arrival order', async () => {
    const { batches, commit } = recordingCommit();
    const group = createGroupCommit(commit);
    expect(await group.write('a')).toBe('A');
    expect(await group.write('b')).toBe('B');
    expect(batches).toEqual([['a'], ['b']]);
  });

  it('fails only the caller whose job failed', async () => {
    const { commit } = recordingCommit();
    const group = createGroupCommit(commit);
    const results = await Promise.allSettled(['a', 'bad', 'c'].map((job) => group.write(job)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(new Error('rejected bad'));
  });

  it('rejects every caller of a batch whose transaction failed as a whole', async () => {
    const group = createGroupCommit<string, string>(() => {
      throw new Error('disk full');
    });
    const results = await Promise.allSettled([group.write('a'), group.write('b')]);
    expect(results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'ok'))).toEqual(['disk full', 'disk full']);
  });

  it('flush() commits what is queued at once, and nothing twice', async () => {
    const { batches, commit } = recordingCommit();
    const group = createGroupCommit(commit);
    const pending = group.write('a');
    group.flush();
    expect(batches).toEqual([['a']]);
    expect(await pending).toBe('A');
    group.flush();
    expect(batches).toEqual([['a']]);
  });
});
