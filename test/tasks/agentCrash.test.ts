import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { runKillableWorker } from '../support/runKillableWorker.js';

builtFile('packages/plugin-tasks/dist/index.js');
builtFile('packages/plugin-agents/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'tasks-agent-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Printed {
  readonly state: string;
  readonly reason?: string;
  readonly output?: unknown;
}

/** Runs agentCrashWorker.ts; resolves with the task it printed, or 'killed' once it printed "inflight" and was SIGKILLed. */
function runWorker(store: string, log: string, worker: string, offsetMs: number, hangAt = 'none'): Promise<Printed | 'killed'> {
  return runKillableWorker<Printed>(join(import.meta.dirname, 'agentCrashWorker.ts'), [store, log, worker, String(offsetMs), hangAt]);
}

/** How many times each tool call and model turn really ran, from the fsynced log. */
function runsOf(log: string, id: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) {
    const key = line.replace(`${id} `, '').replace('model ', '');
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function queueTask(name: string, agent: string): Promise<{ store: string; log: string; id: string }> {
  const store = join(root, `${name}.sqlite`);
  const tasks = SqliteTaskStore.open({ file: store });
  const { id } = await tasks.create({ agent, input: { input: 'Keep the books.' }, principal: 'alice' });
  await tasks.close();
  return { store, log: join(root, `${name}.log`), id };
}

const once = { 'model:0': 1, 'model:1': 1, 'model:2': 1, 'model:3': 1, 'tool:0:r1': 1, 'tool:1:w1': 1, 'tool:1:r2': 1, 'tool:2:w2': 1 };

describe('an agent task whose worker process is killed with SIGKILL', () => {
  let reference: unknown;

  it('runs to its answer in one process when nothing is killed (the reference)', async () => {
    const { store, log, id } = await queueTask('reference', 'bookkeeper');
    const done = await runWorker(store, log, 'w0', 0);
    expect(done).toMatchObject({ state: 'completed' });
    reference = (done as Printed).output;
    expect(reference).toMatch(/^done: /);
    expect(runsOf(log, id)).toEqual(once);
  });

  // Kill points where the call is alone in its model reply, so what was in flight is exactly that call.
  it('resumes in another process after a kill during a read-only call: same answer, nothing else re-run', async () => {
    const killAt = 'tool:0:r1';
    const { store, log, id } = await queueTask('idempotent', 'bookkeeper');
    expect(await runWorker(store, log, 'w1', 0, killAt)).toBe('killed');
    // The second worker's clock is past the dead worker's lease.
    expect(await runWorker(store, log, 'w2', 120_000)).toEqual({ state: 'completed', output: reference });
    expect(runsOf(log, id)).toEqual({ ...once, [killAt]: 2 });
  });

  it('waits for a person after a kill during a non-idempotent call, then finishes without re-running it', async () => {
    const killAt = 'tool:2:w2';
    const { store, log, id } = await queueTask('unsafe', 'bookkeeper');
    expect(await runWorker(store, log, 'w1', 0, killAt)).toBe('killed');
    const parked = await runWorker(store, log, 'w2', 120_000);
    expect(parked).toMatchObject({ state: 'input-required' });
    expect((parked as Printed).reason).toContain(killAt);
    // A person checks the ledger and records what the call did.
    const tasks = SqliteTaskStore.open({ file: store });
    await tasks.resolveCall(id, killAt, { output: { outcome: 'succeeded', content: JSON.stringify({ wrote: 'd', call: killAt }) } });
    await tasks.close();
    expect(await runWorker(store, log, 'w3', 0)).toEqual({ state: 'completed', output: reference });
    expect(runsOf(log, id)).toEqual(once);
  });

  it('keeps every guarantee after a kill while a read and a write of one reply run concurrently', async () => {
    const { store, log, id } = await queueTask('concurrent', 'bookkeeper');
    expect(await runWorker(store, log, 'w1', 0, 'tool:1:r2')).toBe('killed');
    let resumed = await runWorker(store, log, 'w2', 120_000);
    // Whether the write's result was committed before the kill is a race: recorded, it is replayed;
    // started but not recorded, it waits for a person, who checks the ledger (the log): if the write
    // happened they record what it did, if the kill came before it ran they let it run again.
    if (resumed !== 'killed' && resumed.state === 'input-required') {
      expect(resumed.reason).toContain('tool:1:w1');
      const wrote = runsOf(log, id)['tool:1:w1'] === 1;
      const tasks = SqliteTaskStore.open({ file: store });
      await tasks.resolveCall(
        id,
        'tool:1:w1',
        wrote ? { output: { outcome: 'succeeded', content: JSON.stringify({ wrote: 'b', call: 'tool:1:w1' }) } } : { rerun: true },
      );
      await tasks.close();
      resumed = await runWorker(store, log, 'w3', 0);
    }
    expect(resumed).toEqual({ state: 'completed', output: reference });
    const runs = runsOf(log, id);
    expect(runs['tool:1:r2']).toBe(2);
    expect(runs).toEqual({ ...once, 'tool:1:r2': 2 });
  });

  it('waits in input-required for each approval across processes and finishes with every call run once', async () => {
    const { store, log, id } = await queueTask('approvals', 'careful');
    for (const [worker, approval] of [
      ['w1', 'approval:1:w1'],
      ['w2', 'approval:2:w2'],
    ] as const) {
      const waiting = await runWorker(store, log, worker, 0);
      expect(waiting).toMatchObject({ state: 'input-required' });
      expect((waiting as Printed).reason).toContain(approval);
      const tasks = SqliteTaskStore.open({ file: store });
      await tasks.decide(id, approval, true);
      await tasks.close();
    }
    expect(await runWorker(store, log, 'w3', 0)).toEqual({ state: 'completed', output: reference });
    expect(runsOf(log, id)).toEqual(once);
  });
});
