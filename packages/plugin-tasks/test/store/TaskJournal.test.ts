import { SqliteTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('TaskJournal', () => {
  it('replays recorded calls after a takeover without running them again', async () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 10 });
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    const runs: string[] = [];
    const tool = (callId: string, idempotent: boolean) => ({
      kind: 'tool' as const,
      callId,
      input: { callId },
      idempotent,
      run: async (key: string) => {
        runs.push(key);
        return `${key}-result`;
      },
    });
    await store.claim('w1');
    const first = await TaskJournal.open(store, id, 'w1');
    expect(await first.call(tool('c1', false))).toEqual({ status: 'ran', output: 'c1-result' });
    expect(await first.call(tool('c1', false))).toEqual({ status: 'replayed', output: 'c1-result' });
    // w1 dies; its lease expires and w2 resumes the run from the start of its calls.
    c.advance(10);
    await store.claim('w2');
    const second = await TaskJournal.open(store, id, 'w2');
    expect(await second.call(tool('c1', false))).toEqual({ status: 'replayed', output: 'c1-result' });
    expect(await second.call(tool('c2', true))).toEqual({ status: 'ran', output: 'c2-result' });
    expect(runs).toEqual(['c1', 'c2']);
    expect((await store.steps(id)).map((s) => [s.callId, s.status])).toEqual([
      ['c1', 'done'],
      ['c2', 'done'],
    ]);
    await store.close();
  });

  it('re-runs an idempotent in-flight call with the same key and reports a non-idempotent one in doubt', async () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 10 });
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w1');
    // A crash between recording the start and the output.
    await store.startStep(id, 'w1', { kind: 'tool', callId: 'safe', input: 1 });
    await store.startStep(id, 'w1', { kind: 'tool', callId: 'unsafe', input: 2 });
    c.advance(10);
    await store.claim('w2');
    const journal = await TaskJournal.open(store, id, 'w2');
    const keys: string[] = [];
    const run = async (key: string) => {
      keys.push(key);
      return key;
    };
    expect(await journal.call({ kind: 'tool', callId: 'safe', input: 1, idempotent: true, run })).toEqual({
      status: 'ran',
      output: 'safe',
    });
    const unsafe = await journal.call({ kind: 'tool', callId: 'unsafe', input: 2, idempotent: false, run });
    expect(unsafe.status).toBe('in-doubt');
    expect(keys).toEqual(['safe']);
    expect((await store.steps(id)).map((s) => s.status)).toEqual(['done', 'started']);
    await store.requireInput(id, 'w2', unsafe.status === 'in-doubt' ? unsafe.reason : '');
    await expect(store.resolveCall(id, 'safe', { rerun: true })).rejects.toThrow(/in doubt/);
    expect((await store.resolveCall(id, 'unsafe', { rerun: true })).state).toBe('submitted');
    await store.claim('w3');
    const resumed = await TaskJournal.open(store, id, 'w3');
    expect(await resumed.call({ kind: 'tool', callId: 'safe', input: 1, idempotent: true, run })).toEqual({
      status: 'replayed',
      output: 'safe',
    });
    expect(await resumed.call({ kind: 'tool', callId: 'unsafe', input: 2, idempotent: false, run })).toEqual({
      status: 'ran',
      output: 'unsafe',
    });
    expect(keys).toEqual(['safe', 'unsafe']);
    expect((await store.steps(id)).at(-1)).toMatchObject({ kind: 'input', output: { callId: 'unsafe', rerun: true } });
    await store.close();
  });
});
