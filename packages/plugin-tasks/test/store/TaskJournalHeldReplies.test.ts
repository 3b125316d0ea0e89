import { SqliteTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';
import { countingWrites } from './countingWrites.js';
import { clock } from './taskStoreContract.js';

/** A model call whose reply is `reply`, counting how often the model is asked. */
function modelCall(callId: string, reply: string, asked: string[]) {
  return {
    kind: 'model' as const,
    callId,
    input: { callId },
    idempotent: true,
    run: async (key: string) => {
      asked.push(key);
      return reply;
    },
  };
}

/** A task claimed by `w` on an in-memory store whose commits are counted, and its journal holding model replies. */
async function heldJournal() {
  const inner = SqliteTaskStore.open();
  const { store, writes } = countingWrites(inner);
  const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
  await store.claim('w');
  const journal = await TaskJournal.open(store, id, 'w', { holdModelReplies: true });
  return { inner, writes, id, journal };
}

describe('TaskJournal holding model replies (holdModelReplies)', () => {
  it('records the reply that ends the run in the task’s final commit: one commit, not two', async () => {
    const { inner, writes, id, journal } = await heldJournal();
    const asked: string[] = [];
    expect(await journal.call(modelCall('model:0', 'the answer', asked))).toEqual({ status: 'ran', output: 'the answer' });
    // Held, not on disk: nothing was acknowledged on the strength of it.
    expect(await inner.steps(id)).toEqual([]);
    // The same call again in this attempt is the held reply, not a second question.
    expect(await journal.call(modelCall('model:0', 'another', asked))).toEqual({ status: 'replayed', output: 'the answer' });
    expect(await journal.finish({ state: 'completed', output: 'the answer' })).toMatchObject({ state: 'completed' });
    expect(writes).toEqual(['create', 'claim', 'finish']);
    expect((await inner.steps(id)).map((s) => [s.callId, s.status, s.output])).toEqual([['model:0', 'done', 'the answer']]);
    expect(asked).toEqual(['model:0']);
    await inner.close();
  });

  it('commits a held reply before any other call runs, once for the calls of one reply made at once', async () => {
    const { inner, writes, id, journal } = await heldJournal();
    await journal.call(modelCall('model:0', 'call both tools', []));
    const seenByTools: string[][] = [];
    const tool = (callId: string, idempotent: boolean) => ({
      kind: 'tool' as const,
      callId,
      input: null,
      idempotent,
      run: async () => {
        // What a tool finds on disk when it runs: the reply that asked for it, always.
        seenByTools.push((await inner.steps(id)).filter((s) => s.status === 'done').map((s) => s.callId));
        return callId;
      },
    });
    await Promise.all([journal.call(tool('tool:0:a', false)), journal.call(tool('tool:0:b', true))]);
    expect(seenByTools).toEqual([['model:0'], ['model:0']]);
    expect(writes.filter((w) => w === 'recordStep')).toHaveLength(2); // the reply once, then tool b
    expect((await inner.steps(id)).map((s) => s.callId)).toEqual(['model:0', 'tool:0:a', 'tool:0:b']);
    await inner.close();
  });

  it('asks the model again after a crash lost a held reply; a task that waits or goes back commits it first', async () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 10 });
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w1');
    const asked: string[] = [];
    const first = await TaskJournal.open(store, id, 'w1', { holdModelReplies: true });
    await first.call(modelCall('model:0', 'lost', asked));
    // w1 dies before its next commit; its lease runs out and w2 resumes the task.
    c.advance(10);
    await store.claim('w2');
    const second = await TaskJournal.open(store, id, 'w2', { holdModelReplies: true });
    expect(second.opened).toEqual([]);
    expect(await second.call(modelCall('model:0', 'kept', asked))).toEqual({ status: 'ran', output: 'kept' });
    await second.flush();
    await store.release(id, 'w2');
    await store.claim('w3');
    const third = await TaskJournal.open(store, id, 'w3', { holdModelReplies: true });
    expect(await third.call(modelCall('model:0', 'never asked', asked))).toEqual({ status: 'replayed', output: 'kept' });
    expect(asked).toEqual(['model:0', 'model:0']);
    await store.close();
  });

  it('commits at once without the option, as before', async () => {
    const store = SqliteTaskStore.open();
    const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
    await store.claim('w');
    const journal = await TaskJournal.open(store, id, 'w');
    await journal.call(modelCall('model:0', 'now', []));
    expect((await store.steps(id)).map((s) => s.callId)).toEqual(['model:0']);
    await store.close();
  });
});
