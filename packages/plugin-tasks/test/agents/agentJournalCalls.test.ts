// An agent run's model and tool calls as checkpointed task calls, over a real TaskJournal and
// SQLite task store: ids, replay across attempts, the in-doubt rule, cut-short results, runAs.
import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import type { AgentJournalModelCall, AgentJournalToolCall, AgentJournalToolResult } from '@cortex-os/plugin-agents';
import { agentJournalIds, journalAgentModelCall, journalAgentToolCall, SqliteTaskStore, TaskJournal } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';

/** A store on an injected clock with one task claimed by `w1`; `takeOver` expires the lease and opens the journal for the next worker. */
async function task() {
  let t = 0;
  const store = SqliteTaskStore.open({ now: () => t, leaseMs: 10 });
  const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
  await store.claim('w1');
  let attempt = 1;
  const takeOver = async () => {
    t += 10;
    attempt += 1;
    await store.claim(`w${attempt}`);
    return TaskJournal.open(store, id, `w${attempt}`);
  };
  return { store, id, journal: await TaskJournal.open(store, id, 'w1'), takeOver };
}

const modelCall = (step: number): AgentJournalModelCall => ({
  step,
  request: { messages: 1 } as unknown as AgentJournalModelCall['request'],
});
const toolCall = (annotations?: AgentJournalToolCall['annotations']): AgentJournalToolCall => ({
  step: 2,
  callId: 'c-1',
  tool: 'send',
  arguments: '{"to":"x"}',
  ...(annotations === undefined ? {} : { annotations }),
});
const succeeded = (content: string): AgentJournalToolResult => ({ outcome: 'succeeded', content });

describe('journalAgentModelCall and journalAgentToolCall', () => {
  it('record a model reply under model:<step> and replay it in the next attempt without asking again', async () => {
    const { store, id, journal, takeOver } = await task();
    let asked = 0;
    const generate = async () => {
      asked += 1;
      return { text: 'hi' } as unknown as RouterGenerateResult;
    };
    expect(await journalAgentModelCall(journal, modelCall(0), generate)).toEqual({ status: 'ran', output: { text: 'hi' } });
    expect(await journalAgentModelCall(await takeOver(), modelCall(0), generate)).toEqual({ status: 'replayed', output: { text: 'hi' } });
    expect(asked).toBe(1);
    expect((await store.steps(id)).map((s) => [s.kind, s.callId, s.input])).toEqual([['model', agentJournalIds.model(0), { messages: 1 }]]);
    await store.close();
  });

  it('run a tool once, inside runAs with its call id, and replay its result', async () => {
    const { store, id, journal, takeOver } = await task();
    const keys: string[] = [];
    const runAs = <R>(key: string, run: () => Promise<R>) => {
      keys.push(key);
      return run();
    };
    const onInDoubt = (reason: string) => expect.unreachable(reason);
    let runs = 0;
    const execute = async () => succeeded(`sent ${++runs}`);
    expect(await journalAgentToolCall(journal, toolCall(), execute, { onInDoubt, runAs })).toEqual(succeeded('sent 1'));
    expect(await journalAgentToolCall(await takeOver(), toolCall(), execute, { onInDoubt })).toEqual(succeeded('sent 1'));
    expect(keys).toEqual(['tool:2:c-1']);
    expect((await store.steps(id)).map((s) => [s.callId, s.input, s.status])).toEqual([
      ['tool:2:c-1', { tool: 'send', arguments: '{"to":"x"}' }, 'done'],
    ]);
    await store.close();
  });

  it('answer a non-idempotent call in flight at a crash as TASK_CALL_IN_DOUBT, and re-run a read-only one', async () => {
    const { store, id, takeOver } = await task();
    await store.startStep(id, 'w1', { kind: 'tool', callId: 'tool:2:c-1', input: {} }); // a crash mid-call
    const journal = await takeOver();
    const doubts: string[] = [];
    let runs = 0;
    const execute = async () => succeeded(`ran ${++runs}`);
    const inDoubt = await journalAgentToolCall(journal, toolCall({ idempotentHint: false }), execute, { onInDoubt: (r) => doubts.push(r) });
    expect(inDoubt).toMatchObject({ outcome: 'failed', error: { code: 'TASK_CALL_IN_DOUBT' } });
    expect(doubts).toEqual([inDoubt.content]);
    expect(doubts[0]).toContain('tool:2:c-1');
    expect(runs).toBe(0);
    const readOnly = await journalAgentToolCall(await takeOver(), toolCall({ readOnlyHint: true }), execute, {
      onInDoubt: (r) => doubts.push(r),
    });
    expect(readOnly).toEqual(succeeded('ran 1'));
    expect(doubts).toHaveLength(1);
    await store.close();
  });

  it('return a result the run’s signal cut short without recording it, so the next attempt runs the tool', async () => {
    const { store, id, journal, takeOver } = await task();
    const cut: AgentJournalToolResult = { outcome: 'cancelled', content: 'aborted' };
    const onInDoubt = (reason: string) => expect.unreachable(reason);
    expect(await journalAgentToolCall(journal, toolCall({ idempotentHint: true }), async () => cut, { onInDoubt })).toEqual(cut);
    expect(await store.steps(id)).toEqual([]);
    const next = await journalAgentToolCall(await takeOver(), toolCall({ idempotentHint: true }), async () => succeeded('done'), {
      onInDoubt,
    });
    expect(next).toEqual(succeeded('done'));
    const failing = journalAgentToolCall(
      await takeOver(),
      { ...toolCall(), callId: 'c-2' },
      async () => {
        throw new Error('boom');
      },
      { onInDoubt },
    );
    await expect(failing).rejects.toThrow('boom');
    await store.close();
  });
});
