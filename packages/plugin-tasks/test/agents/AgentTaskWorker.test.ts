import { deferred } from '@cortex-os/kernel/testing';
import { type AgentRunOptions, type AgentRunResult, type AgentsService, defineAgent, userIdOfPrincipal } from '@cortex-os/plugin-agents';
import { AgentTaskWorker, SqliteTaskStore, type TaskStore, type TaskTimer } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';
import { modelProviderToken } from '@cortex-os/kernel/router';
import { countingWrites } from '../store/countingWrites.js';
import { expectedAnswer, type LedgerHooks, manualTimer, startLedgerKernel } from './taskKernel.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000;
  return { now: () => t, advance: (ms) => (t += ms) };
}

/**
 * The set-up most tests share: a ledger runtime with `hooks`, one task for `agent` queued in
 * `store`, and a worker `w1` over them (with `timer` when given). Dispose it to stop the runtime.
 */
async function setUpWorker(
  store: TaskStore,
  hooks: LedgerHooks,
  options: { readonly agent?: string; readonly timer?: TaskTimer } = {},
): Promise<{ readonly id: string; readonly worker: AgentTaskWorker } & AsyncDisposable> {
  const runtime = await startLedgerKernel(hooks);
  const { id } = await store.create({ agent: options.agent ?? 'bookkeeper', input: { input: 'Keep the books.' }, principal: 'alice' });
  const worker = new AgentTaskWorker({ store, agents: runtime.agents, worker: 'w1', timer: options.timer });
  return { id, worker, [Symbol.asyncDispose]: () => runtime[Symbol.asyncDispose]() };
}

/** The agents service, recording the budgets each run was given and its result. */
function recordingAgents(inner: AgentsService) {
  const attempts: {
    budgets: AgentRunOptions['budgets'];
    principal: string | undefined;
    result: AgentRunResult;
  }[] = [];
  const agents: AgentsService = {
    list: () => inner.list(),
    validate: () => inner.validate(),
    run: async (agent, options) => {
      const result = await inner.run(agent, options);
      attempts.push({ budgets: options.budgets, principal: options.principal, result: result as AgentRunResult });
      return result;
    },
  };
  return { agents, attempts };
}

describe('AgentTaskWorker', () => {
  it('runs each task for its owner: the run’s user (an agent’s `user` memory scope) is the task’s principal', async () => {
    await using runtime = await startLedgerKernel({ ran: () => {} });
    const store = SqliteTaskStore.open();
    const { agents, attempts } = recordingAgents(runtime.agents);
    const worker = new AgentTaskWorker({ store, agents, worker: 'w1' });
    const long = `oidc|${'s'.repeat(200)}`;
    for (const principal of ['alice', long]) {
      await store.create({ agent: 'bookkeeper', input: { input: 'Keep the books.' }, principal });
      const ran = await worker.runNext();
      expect(ran?.state, ran?.reason).toBe('completed');
    }
    // The principal travels with the run, for its tools (currentDelegation().principal).
    expect(attempts.map(({ principal }) => principal)).toEqual(['alice', long]);
    // The run acts for its user; a principal too long for a memory tag under its stable digest, never another's id.
    expect(attempts.map(({ result }) => result.userId)).toEqual(['alice', userIdOfPrincipal(long)]);
    expect(attempts[1]?.result.userId).toMatch(/^principal-sha256:[0-9a-f]{64}$/);
  });

  it('runs an agent task to completion, each model and tool call a checkpoint', async () => {
    const runs: string[] = [];
    const inner = SqliteTaskStore.open();
    const { store, writes } = countingWrites(inner);
    await using setUp = await setUpWorker(store, { ran: (_, callId) => void runs.push(callId) });
    const { id, worker } = setUp;
    const done = await worker.runNext();
    expect(done).toMatchObject({ id, state: 'completed', output: expectedAnswer });
    // The last reply ends the run: it is recorded in the task's final commit, not one of its own.
    const count = (name: string) => writes.filter((write) => write === name).length;
    expect([count('recordStep'), count('startStep'), count('finishStep'), count('finish')]).toEqual([5, 2, 2, 1]);
    expect(writes.at(-1)).toBe('finish');
    expect((await store.steps(id)).map((step) => [step.callId, step.status])).toEqual([
      ['model:0', 'done'],
      ['tool:0:r1', 'done'],
      ['model:1', 'done'],
      ['tool:1:w1', 'done'],
      ['tool:1:r2', 'done'],
      ['model:2', 'done'],
      ['tool:2:w2', 'done'],
      ['model:3', 'done'],
    ]);
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1', 'tool:2:w2']);
    expect(await worker.runNext()).toBeUndefined();
    await store.close();
  });

  it('resumes a task whose worker hangs mid-call: the recorded model reply replayed, the read-only call in flight re-run, same answer', async () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const hang = deferred();
    const reached = deferred();
    const runs: string[] = [];
    const asked: number[] = [];
    const hooks: LedgerHooks = {
      ran: async (_, callId) => {
        runs.push(callId);
        if (callId === 'tool:0:r1') {
          reached.resolve();
          await hang.promise;
        }
      },
      asked: (turn) => asked.push(turn),
    };
    await using first = await setUpWorker(store, hooks, { timer: manualTimer().timer });
    const { id } = first;
    const stuck = first.worker.runNext();
    await reached.promise;
    // w1 hangs; its lease ends and w2 (another runtime, same store) takes the task over.
    c.advance(100);
    await using second = await startLedgerKernel({ ran: (_, callId) => void runs.push(callId), asked: (turn) => asked.push(turn) });
    const resumed = await new AgentTaskWorker({ store, agents: second.agents, worker: 'w2' }).runNext();
    expect(resumed).toMatchObject({ state: 'completed', output: expectedAnswer });
    expect(runs).toEqual(['tool:0:r1', 'tool:0:r1', 'tool:1:r2', 'tool:1:w1', 'tool:2:w2']);
    // Turn 0 was asked by w1 and replayed to w2, which asked the model only from turn 1 on.
    expect(asked).toEqual([0, 1, 2, 3]);
    // w1 wakes up: its writes are refused, and the task stays as w2 left it.
    hang.resolve();
    expect(await stuck).toMatchObject({ state: 'completed', worker: undefined });
    expect((await store.steps(id)).filter((step) => step.status !== 'done')).toEqual([]);
    await store.close();
  });

  it('parks a task in input-required when a non-idempotent call was in flight, and finishes it once a person settles the call', async () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const runs: string[] = [];
    const reached = deferred();
    const hooks: LedgerHooks = {
      ran: async (_, callId) => {
        runs.push(callId);
        if (callId === 'tool:2:w2') {
          reached.resolve();
          await new Promise(() => {});
        }
      },
    };
    await using first = await setUpWorker(store, hooks, { timer: manualTimer().timer });
    const { id } = first;
    void first.worker.runNext();
    await reached.promise;
    c.advance(100);
    await using second = await startLedgerKernel({ ran: (_, callId) => void runs.push(callId) });
    const worker = new AgentTaskWorker({ store, agents: second.agents, worker: 'w2' });
    const parked = await worker.runNext();
    expect(parked).toMatchObject({ state: 'input-required' });
    expect(parked?.reason).toContain('tool:2:w2');
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1', 'tool:2:w2']);
    await store.resolveCall(id, 'tool:2:w2', { output: { outcome: 'succeeded', content: '{"wrote":"d","call":"tool:2:w2"}' } });
    expect(await worker.runNext()).toMatchObject({ state: 'completed', output: expectedAnswer });
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1', 'tool:2:w2']);
    await store.close();
  });

  it('waits in input-required for approvals and resumes with the decisions', async () => {
    const store = SqliteTaskStore.open();
    const runs: string[] = [];
    await using setUp = await setUpWorker(store, { ran: (_, callId) => void runs.push(callId) }, { agent: 'careful' });
    const { id, worker } = setUp;
    const waiting = await worker.runNext();
    expect(waiting).toMatchObject({ state: 'input-required' });
    expect(waiting?.reason).toContain('approval:1:w1');
    // The read of the same reply ran and is recorded; the write waits.
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2']);
    await expect(store.resolveCall(id, 'approval:1:w1', { rerun: true })).rejects.toThrow(/waiting for approval|in doubt/);
    await store.decide(id, 'approval:1:w1', true);
    const second = await worker.runNext();
    expect(second).toMatchObject({ state: 'input-required' });
    expect(second?.reason).toContain('approval:2:w2');
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1']);
    await store.decide(id, 'approval:2:w2', false);
    const done = await worker.runNext();
    expect(done?.state).toBe('completed');
    expect(done?.output).toContain('AGENT_TOOL_DENIED');
    expect(runs).toEqual(['tool:0:r1', 'tool:1:r2', 'tool:1:w1']);
    await expect(store.decide(id, 'approval:2:w2', true)).rejects.toThrow(/waiting for approval/);
    await store.close();
  });

  it('charges each model call once across attempts: replayed replies carry no usage, and the token budget spans attempts', async () => {
    const store = SqliteTaskStore.open();
    // The model reports 100 input tokens and turn + 1 output tokens: 101, 102, 103, 104 tokens for turns 0 to 3.
    await using runtime = await startLedgerKernel({ ran: () => {}, usage: (turn) => ({ inputTokens: 100, outputTokens: turn + 1 }) });
    const { agents, attempts } = recordingAgents(runtime.agents);
    const { id } = await store.create({ agent: 'careful', input: { input: 'Keep the books.' }, principal: 'alice' });
    const worker = new AgentTaskWorker({ store, agents, worker: 'w1' });
    const limit = runtime.agents.list().find((agent) => agent.name === 'careful')?.budgets?.maxTokens ?? 0;
    expect((await worker.runNext())?.state).toBe('input-required');
    await store.decide(id, 'approval:1:w1', true);
    expect((await worker.runNext())?.state).toBe('input-required');
    await store.decide(id, 'approval:2:w2', true);
    expect((await worker.runNext())?.state).toBe('completed');
    const spent = attempts.map(({ result }) => result.usage.totalTokens);
    // Attempt 1 asked turns 0 and 1; attempt 2 replayed them and asked turn 2; attempt 3 asked turn 3.
    expect(spent).toEqual([101 + 102, 103, 104]);
    expect(spent.reduce((a, b) => a + b)).toBe(101 + 102 + 103 + 104);
    // The replayed steps are in each run's steps, at no charge.
    expect(attempts[2]?.result.steps.map((step) => step.usage.inputTokens + step.usage.outputTokens)).toEqual([0, 0, 0, 104]);
    // The first attempt runs on the agent's budget; each later one on what the earlier ones left.
    expect(attempts.map(({ budgets }) => budgets)).toEqual([undefined, { maxTokens: limit - 203 }, { maxTokens: limit - 306 }]);
    expect(attempts[2]?.result.budgets.maxTokens).toBe(limit - 306);
    await store.close();
  });

  it('carries the cost budget across three attempts: each resumed attempt runs on what the earlier ones left, at the providers’ prices', async () => {
    const store = SqliteTaskStore.open();
    // 100 input tokens at 1 per 1,000 and turn + 1 output tokens at 10 per 1,000: turns 0 to 3 cost 0.11, 0.12, 0.13, 0.14.
    const prices = { inputPer1k: 1, outputPer1k: 10 };
    const frugal = defineAgent({
      name: 'frugal',
      description: 'Keeps the ledger cheaply.',
      instructions: 'Keep it.',
      tools: ['ledger.*'],
      budgets: { maxCost: 0.6 },
    });
    await using runtime = await startLedgerKernel(
      { ran: () => {}, usage: (turn) => ({ inputTokens: 100, outputTokens: turn + 1 }), prices },
      [frugal],
    );
    const { agents, attempts } = recordingAgents(runtime.agents);
    const { id } = await store.create({ agent: 'frugal', input: { input: 'Keep the books.' }, principal: 'alice' });
    const worker = new AgentTaskWorker({ store, agents, worker: 'w1', providers: runtime.kernel.get(modelProviderToken) });
    expect((await worker.runNext())?.state).toBe('input-required');
    await store.decide(id, 'approval:1:w1', true);
    expect((await worker.runNext())?.state).toBe('input-required');
    await store.decide(id, 'approval:2:w2', true);
    const third = await worker.runNext();
    // Attempt 1 asked turns 0 and 1 (0.23), attempt 2 turn 2 (0.13): each charged once, at the model's prices.
    expect(attempts.map(({ result }) => result.usage.cost)).toEqual([expect.closeTo(0.23, 9), expect.closeTo(0.13, 9), 0]);
    // The first runs on the agent's budget; each later one on what the earlier ones left.
    expect(attempts[0]?.budgets).toBeUndefined();
    expect(attempts[1]?.budgets?.maxCost).toBeCloseTo(0.6 - 0.23, 9);
    expect(attempts[1]?.result.budgets.maxCost).toBeCloseTo(0.6 - 0.23, 9);
    expect(attempts[2]?.budgets?.maxCost).toBeCloseTo(0.6 - 0.36, 9);
    // 0.24 left cannot pay for the next request's input (an estimated 319 tokens at the model's price): the task is over budget.
    expect(attempts[2]?.result).toMatchObject({ status: 'budget-exhausted', reason: 'cost' });
    expect(third).toMatchObject({ state: 'failed', reason: expect.stringContaining('budget-exhausted: cost') });
    await store.close();
  });

  it('renews the lease while the run goes on, and stops the run when the task is cancelled', async () => {
    const c = clock();
    const store = SqliteTaskStore.open({ now: c.now, leaseMs: 100 });
    const timer = manualTimer();
    const gate = deferred();
    const reached = deferred();
    const runs: string[] = [];
    const hooks: LedgerHooks = {
      ran: async (_, callId) => {
        runs.push(callId);
        if (callId === 'tool:2:w2') {
          reached.resolve();
          await gate.promise;
        }
      },
    };
    await using setUp = await setUpWorker(store, hooks, { timer: timer.timer });
    const { id } = setUp;
    const running = setUp.worker.runNext();
    await reached.promise;
    c.advance(90);
    timer.tick();
    expect((await store.get(id)).leaseUntil).toBe(c.now() + 100);
    expect(await store.claim('w2')).toBeUndefined();
    await store.cancel(id, 'the user gave up');
    timer.tick();
    gate.resolve();
    expect(await running).toMatchObject({ state: 'cancelled', reason: 'the user gave up' });
    expect(timer.active()).toBe(0);
    // The write's result came after the cancel: it is not recorded, and the model was not asked again.
    expect((await store.steps(id)).map((step) => [step.callId, step.status]).slice(-2)).toEqual([
      ['model:2', 'done'],
      ['tool:2:w2', 'started'],
    ]);
    await store.close();
  });

  it('fails a task whose input or agent is unusable, with the reason and no stack', async () => {
    await using runtime = await startLedgerKernel({ ran: () => {} });
    const store = SqliteTaskStore.open();
    const worker = new AgentTaskWorker({ store, agents: runtime.agents });
    await store.create({ agent: 'bookkeeper', input: 'not an object', principal: 'p' });
    expect(await worker.runNext()).toMatchObject({ state: 'failed', reason: 'the task input is not { input: string }' });
    await store.create({ agent: 'nobody', input: { input: 'x' }, principal: 'p' });
    const unknown = await worker.runNext();
    expect(unknown).toMatchObject({ state: 'failed' });
    expect(unknown?.reason).toMatch(/^AGENT_UNKNOWN: /);
    expect(unknown?.reason).not.toContain(' at ');
    await store.close();
  });

  it('gives its running tasks back to the queue when it stops', async () => {
    const store = SqliteTaskStore.open();
    const runs: string[] = [];
    const gate = deferred();
    const reached = deferred();
    const hooks: LedgerHooks = {
      ran: async (_, callId) => {
        runs.push(callId);
        if (callId === 'tool:2:w2') {
          reached.resolve();
          await gate.promise;
        }
      },
    };
    await using setUp = await setUpWorker(store, hooks);
    const { id, worker } = setUp;
    const running = worker.runNext();
    await reached.promise;
    worker.stop();
    gate.resolve();
    expect(await running).toMatchObject({ id, state: 'submitted', worker: undefined });
    expect(await worker.runNext()).toBeUndefined();
    // The write aborted in flight stays unfinished (in doubt for the next worker); all before it is recorded.
    const steps = await store.steps(id);
    expect(steps.map((step) => step.callId).join(' ')).toBe('model:0 tool:0:r1 model:1 tool:1:w1 tool:1:r2 model:2 tool:2:w2');
    expect(steps.filter((step) => step.status !== 'done').map((step) => step.callId)).toEqual(['tool:2:w2']);
    await store.close();
  });
});
