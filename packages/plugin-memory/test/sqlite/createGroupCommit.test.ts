import { afterEach, describe, expect, it, vi } from 'vitest';
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

  describe('options', () => {
    afterEach(() => {
      vi.useRealTimers();
    });
    const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    /** Writes `a` then, a turn later, `b` (each after `eachWrite()`), and lets one more turn pass. */
    async function twoTurns(
      group: { write(job: string): Promise<string> },
      eachWrite = (): void => {},
    ): Promise<{ answers: Promise<string[]> }> {
      eachWrite();
      const a = group.write('a');
      await nextTurn();
      eachWrite();
      const b = group.write('b');
      await nextTurn();
      return { answers: Promise.all([a, b]) };
    }

    it('while other stores are coming, waits for them up to windowMs, then commits what queued in one batch', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { batches, commit } = recordingCommit();
      let coming = 3;
      const group = createGroupCommit(commit, { windowMs: 5 }, () => coming);
      const { answers } = await twoTurns(group, () => {
        coming -= 1;
      });
      expect(batches).toEqual([]);
      vi.advanceTimersByTime(5);
      expect(await answers).toEqual(['A', 'B']);
      expect(batches).toEqual([['a', 'b']]);
    });

    it('commits on the next turn once the last coming store has queued, without waiting out the window', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { batches, commit } = recordingCommit();
      let coming = 2;
      const group = createGroupCommit(commit, { windowMs: 1_000 }, () => coming);
      const { answers } = await twoTurns(group, () => {
        coming -= 1;
      });
      expect(batches).toEqual([['a', 'b']]);
      expect(await answers).toEqual(['A', 'B']);
    });

    it('never delays a store with none coming beside it', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { batches, commit } = recordingCommit();
      const group = createGroupCommit(commit, { windowMs: 1_000 }, () => 0);
      const a = group.write('a');
      await nextTurn();
      expect(batches).toEqual([['a']]);
      expect(await a).toBe('A');
    });

    it('delayMs makes every commit wait that long, even with none coming', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { batches, commit } = recordingCommit();
      const group = createGroupCommit(commit, { delayMs: 3 }, () => 0);
      const { answers } = await twoTurns(group);
      expect(batches).toEqual([]);
      vi.advanceTimersByTime(3);
      expect(await answers).toEqual(['A', 'B']);
      expect(batches).toEqual([['a', 'b']]);
    });

    it('maxJobs commits a full batch on the next turn without waiting for the window, and splits larger queues', async () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      const { batches, commit } = recordingCommit();
      const group = createGroupCommit(commit, { windowMs: 1_000, maxJobs: 2 }, () => 10);
      const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map((job) => group.write(job)));
      await nextTurn();
      expect(batches).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
      expect(await answers).toEqual(['A', 'B', 'C', 'D', 'E']);
    });

    it('false commits every job alone, at once', async () => {
      const { batches, commit } = recordingCommit();
      const group = createGroupCommit(commit, false);
      const answers = Promise.all(['a', 'b'].map((job) => group.write(job)));
      expect(batches).toEqual([['a'], ['b']]);
      expect(await answers).toEqual(['A', 'B']);
    });
  });
});
