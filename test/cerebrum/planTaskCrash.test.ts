// A plan task whose worker process is SIGKILLed while a step runs, resumed by another process on
// the same SQLite file: finished steps and the planning call are replayed from the task's
// checkpoints, never run again (counted in an fsynced ledger the tools and the model append to).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planTaskRunnerName } from '@cortex-os/plugin-cerebrum';
import { SqliteTaskStore } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { runKillableWorker } from '../support/runKillableWorker.js';

builtFile('packages/plugin-cerebrum/dist/index.js');
builtFile('packages/plugin-tasks/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'cerebrum-plan-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Printed {
  readonly state: string;
  readonly reason?: string;
  readonly output?: unknown;
}

const plan = JSON.stringify([
  {
    text: JSON.stringify({
      goal: 'g',
      steps: [
        { id: 'a', tool: 'page.fetch', input: { page: 'otters' } },
        { id: 'b', tool: 'archive.fetch', input: { page: 'otters' }, dependsOn: ['a'] },
        { id: 'c', tool: 'notes.write', dependsOn: ['b'], inputsFrom: { a: 'a', b: 'b' } },
      ],
    }),
  },
]);

/** Runs planCrashWorker.ts; resolves with the task it printed, or 'killed' once it printed "inflight" and was SIGKILLed. */
function runWorker(
  store: string,
  log: string,
  worker: string,
  offsetMs: number,
  hangAt: string,
  script: string,
): Promise<Printed | 'killed'> {
  return runKillableWorker<Printed>(join(import.meta.dirname, 'planCrashWorker.ts'), [
    store,
    log,
    worker,
    String(offsetMs),
    hangAt,
    script,
  ]);
}

function runsOf(log: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

async function queuePlan(name: string): Promise<{ store: string; log: string; id: string }> {
  const store = join(root, `${name}.sqlite`);
  const tasks = SqliteTaskStore.open({ file: store });
  const { id } = await tasks.create({ agent: planTaskRunnerName, input: { input: 'Save a note about otters' }, principal: 'alice' });
  await tasks.close();
  return { store, log: join(root, `${name}.log`), id };
}

describe('a plan task whose worker process is killed with SIGKILL', () => {
  it('resumes after a kill during a read-only step: only that step runs again, the model is not asked again', async () => {
    const { store, log } = await queuePlan('read');
    expect(await runWorker(store, log, 'w1', 0, 'archive.fetch', plan)).toBe('killed');
    // The second process's clock is past the dead worker's lease; it has no model replies left.
    const done = await runWorker(store, log, 'w2', 120_000, 'none', '[]');
    expect(done).toMatchObject({ state: 'completed', output: { ran: ['a', 'b', 'c'], replans: 0 } });
    expect(runsOf(log)).toEqual({ model: 1, 'page.fetch': 1, 'archive.fetch': 2, 'notes.write': 1 });
  });

  it('after a kill during a write, waits for a person; once settled, a third process finishes without writing again', async () => {
    const { store, log, id } = await queuePlan('write');
    expect(await runWorker(store, log, 'w1', 0, 'notes.write', plan)).toBe('killed');
    const waiting = await runWorker(store, log, 'w2', 120_000, 'none', '[]');
    expect(waiting).toMatchObject({ state: 'input-required' });
    expect((waiting as Printed).reason).toContain('step:0:c');
    const tasks = SqliteTaskStore.open({ file: store });
    await tasks.resolveCall(id, 'step:0:c', { output: { ok: true, output: { saved: 'checked by hand' } } });
    await tasks.close();
    const done = await runWorker(store, log, 'w3', 240_000, 'none', '[]');
    expect(done).toMatchObject({ state: 'completed', output: { outputs: { c: { saved: 'checked by hand' } } } });
    expect(runsOf(log)).toEqual({ model: 1, 'page.fetch': 1, 'archive.fetch': 1, 'notes.write': 1 });
  });
});
