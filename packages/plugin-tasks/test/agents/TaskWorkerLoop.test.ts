import { deferred } from '@cortex-os/kernel/testing';
import { SqliteTaskStore, type TaskStore } from '@cortex-os/plugin-tasks';
import { describe, expect, it } from 'vitest';
import { AgentTaskWorker } from '../../src/agents/AgentTaskWorker.js';
import { TaskWorkerLoop } from '../../src/agents/TaskWorkerLoop.js';
import { manualTimer, startLedgerKernel } from './taskKernel.js';

/** The store with its claims held until `gate` resolves (a claim in flight, as long as a test needs). */
function gatedClaims(store: TaskStore, gate: Promise<void>): TaskStore {
  return new Proxy(store, {
    get(target, name) {
      if (name === 'claim')
        return async (worker: string) => {
          await gate;
          return target.claim(worker);
        };
      const value = Reflect.get(target, name, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('TaskWorkerLoop', () => {
  it('never runs more than its concurrency: a claim in flight holds a slot a submit cannot take', async () => {
    await using runtime = await startLedgerKernel({ ran: () => {} });
    const inner = SqliteTaskStore.open();
    const gate = deferred();
    const store = gatedClaims(inner, gate.promise);
    const worker = new AgentTaskWorker({ store, agents: runtime.agents, worker: 'w1', timer: manualTimer().timer });
    const ran: string[] = [];
    const loop = new TaskWorkerLoop({
      worker,
      concurrency: 1,
      pollMs: 1_000,
      timer: manualTimer().timer,
      onError: (error) => ran.push(`error ${String(error)}`),
      onRan: (task) => ran.push(`${task.id} ${task.state}`),
    });
    const queued = await inner.create({ agent: 'bookkeeper', input: { input: 'Keep the books.' }, principal: 'p' });
    loop.wake();
    // The claim is in flight (held at the gate): its task will need the only slot.
    expect(loop.offer()).toBeUndefined();
    gate.resolve();
    await loop.stop();
    expect(await inner.get(queued.id)).toMatchObject({ state: 'submitted' });
    // A free loop offers its slot, once.
    const free = new TaskWorkerLoop({
      worker: new AgentTaskWorker({ store: inner, agents: runtime.agents, worker: 'w2', timer: manualTimer().timer }),
      concurrency: 1,
      pollMs: 1_000,
      timer: manualTimer().timer,
      onError: (error) => ran.push(`error ${String(error)}`),
      onRan: (task) => ran.push(`${task.state}`),
    });
    const slot = free.offer();
    expect(slot?.worker).toBe('w2');
    expect(free.offer()).toBeUndefined();
    const { task, claimed } = await inner.createClaimed({ agent: 'bookkeeper', input: { input: 'x' }, principal: 'p' }, 'w2');
    expect(claimed).toBe(false); // the task queued earlier is older: it goes first
    slot?.cancel();
    await free.stop();
    expect(task.state).toBe('submitted');
    expect(ran.filter((line) => line.startsWith('error'))).toEqual([]);
    await inner.close();
  });
});
