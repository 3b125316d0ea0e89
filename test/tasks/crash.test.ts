import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { SqliteTaskStore } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';

builtFile('packages/plugin-tasks/dist/index.js');

const root = mkdtempSync(join(tmpdir(), 'tasks-crash-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Runs crashWorker.mjs; resolves with its stdout lines once it prints `until` (then SIGKILLs it) or exits. */
function runWorker(args: {
  store: string;
  log: string;
  worker: string;
  offsetMs: number;
  hangAt: string;
  until?: string;
  mode?: 'claim' | 'create';
}): Promise<string[]> {
  const child = spawn(
    process.execPath,
    [
      join(import.meta.dirname, 'crashWorker.mjs'),
      args.store,
      args.log,
      args.worker,
      String(args.offsetMs),
      args.hangAt,
      args.mode ?? 'claim',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (line === args.until) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('exit', () => resolve(lines)));
}

function runsOf(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(log, 'utf8').trim().split('\n')) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/** Queues one task in a new store file; returns the file, the tools' log file and the task id. */
async function queueTask(name: string): Promise<{ store: string; log: string; id: string }> {
  const store = join(root, `${name}.sqlite`);
  const tasks = SqliteTaskStore.open({ file: store });
  const { id } = await tasks.create({ agent: 'a', input: null, principal: 'p' });
  await tasks.close();
  return { store, log: join(root, `${name}.log`), id };
}

describe('a task worker killed with SIGKILL', () => {
  it('resumes in another process: recorded calls run once, the idempotent in-flight call twice', async () => {
    const { store, log, id } = await queueTask('idempotent');
    const first = await runWorker({ store, log, worker: 'w1', offsetMs: 0, hangAt: 'c2', until: 'inflight' });
    expect(first).toEqual(['ran c1', 'inflight']);
    // The second worker's clock is past the dead worker's lease.
    const second = await runWorker({ store, log, worker: 'w2', offsetMs: 120_000, hangAt: 'none' });
    expect(second).toEqual(['replayed c1', 'ran c2', 'ran c3', 'ran c4', 'ran m5', 'completed']);
    expect(Object.fromEntries(runsOf(log))).toEqual({
      [`${id} c1`]: 1,
      [`${id} c2`]: 2,
      [`${id} c3`]: 1,
      [`${id} c4`]: 1,
      [`${id} m5`]: 1,
    });
    const after = SqliteTaskStore.open({ file: store });
    expect(await after.get(id)).toMatchObject({ state: 'completed', output: 'ok' });
    await after.close();
  });

  it('parks the task in input-required when a non-idempotent call was in flight, and resumes after a person settles it', async () => {
    const { store, log, id } = await queueTask('unsafe');
    expect(await runWorker({ store, log, worker: 'w1', offsetMs: 0, hangAt: 'c3', until: 'inflight' })).toEqual([
      'ran c1',
      'ran c2',
      'inflight',
    ]);
    expect(await runWorker({ store, log, worker: 'w2', offsetMs: 120_000, hangAt: 'none' })).toEqual([
      'replayed c1',
      'replayed c2',
      'input-required',
    ]);
    expect(Object.fromEntries(runsOf(log))).toEqual({ [`${id} c1`]: 1, [`${id} c2`]: 1, [`${id} c3`]: 1 });
    const after = SqliteTaskStore.open({ file: store });
    expect(await after.get(id)).toMatchObject({ state: 'input-required' });
    expect((await after.get(id)).reason).toContain('c3');
    // A person says what the call did; a third process resumes without running it again.
    expect((await after.resolveCall(id, 'c3', { output: 30 })).state).toBe('submitted');
    await after.close();
    expect(await runWorker({ store, log, worker: 'w3', offsetMs: 0, hangAt: 'none' })).toEqual([
      'replayed c1',
      'replayed c2',
      'replayed c3',
      'ran c4',
      'ran m5',
      'completed',
    ]);
    expect(Object.fromEntries(runsOf(log))).toEqual({
      [`${id} c1`]: 1,
      [`${id} c2`]: 1,
      [`${id} c3`]: 1,
      [`${id} c4`]: 1,
      [`${id} m5`]: 1,
    });
  });

  it('loses a held model reply with the process, never an acknowledged write: the next worker asks the model again', async () => {
    const { store, log, id } = await queueTask('held');
    expect(await runWorker({ store, log, worker: 'w1', offsetMs: 0, hangAt: 'after:m5', until: 'held' })).toEqual([
      'ran c1',
      'ran c2',
      'ran c3',
      'ran c4',
      'ran m5',
      'held',
    ]);
    const killed = SqliteTaskStore.open({ file: store });
    expect(await killed.get(id)).toMatchObject({ state: 'working', worker: 'w1' });
    expect((await killed.steps(id)).map((step) => `${step.callId} ${step.status}`)).toEqual(['c1 done', 'c2 done', 'c3 done', 'c4 done']);
    await killed.close();
    expect(await runWorker({ store, log, worker: 'w2', offsetMs: 120_000, hangAt: 'none' })).toEqual([
      'replayed c1',
      'replayed c2',
      'replayed c3',
      'replayed c4',
      'ran m5',
      'completed',
    ]);
    expect(runsOf(log).get(`${id} m5`)).toBe(2);
    const after = SqliteTaskStore.open({ file: store });
    expect(await after.get(id)).toMatchObject({ state: 'completed', output: 'ok' });
    expect((await after.steps(id)).map((step) => step.callId)).toEqual(['c1', 'c2', 'c3', 'c4', 'm5']);
    await after.close();
  });

  it('keeps a task a worker created already claimed through its SIGKILL; another takes it over once the lease runs out', async () => {
    const store = join(root, 'created.sqlite');
    const log = join(root, 'created.log');
    const first = await runWorker({ store, log, worker: 'w1', offsetMs: 0, hangAt: 'c2', until: 'inflight', mode: 'create' });
    const [acked, ...rest] = first;
    expect(acked).toMatch(/^acked \S+ true$/);
    expect(rest).toEqual(['ran c1', 'inflight']);
    const id = String(acked?.split(' ')[1]);
    const killed = SqliteTaskStore.open({ file: store });
    expect(await killed.get(id)).toMatchObject({ state: 'working', worker: 'w1' });
    await killed.close();
    expect(await runWorker({ store, log, worker: 'w2', offsetMs: 120_000, hangAt: 'none' })).toEqual([
      'replayed c1',
      'ran c2',
      'ran c3',
      'ran c4',
      'ran m5',
      'completed',
    ]);
    const after = SqliteTaskStore.open({ file: store });
    expect(await after.get(id)).toMatchObject({ state: 'completed', output: 'ok' });
    const states = (await after.events(id)).flatMap((event) => (event.type === 'status' ? [event.data] : []));
    expect(states).toEqual([{ state: 'submitted' }, { state: 'working' }, { state: 'working', reclaimed: true }, { state: 'completed' }]);
    await after.close();
  });
});
