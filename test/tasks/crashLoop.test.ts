import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { PostgresTaskStore, SqliteTaskStore, type TaskStep, type TaskStore } from '@cortex-os/plugin-tasks';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';
import { dropTestSchemas, freshTaskSchema, postgresForTasks } from './postgresForTasks.js';

builtFile('packages/plugin-tasks/dist/index.js');

// The seed fixes every kill point; a failure names it. Set TASKS_CRASH_SEED to replay another run.
const seed = Number(process.env['TASKS_CRASH_SEED'] ?? 18_2026);
const cycles = 20;
const leaseMs = 60_000;

const root = mkdtempSync(join(tmpdir(), 'tasks-loop-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterAll(dropTestSchemas);

/** Kills that made a call run again: tool calls killed in flight, and model calls killed in flight or while held. */
interface Kills {
  readonly midCallKills: Map<string, number>;
  readonly modelKills: Map<string, number>;
}

/** mulberry32: a small seeded PRNG, so the kill points are the same on every run of a seed. */
function random(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** One life of crashLoopWorker.mjs: SIGKILLed when it prints `kill …`; resolves with that line, or undefined when it ran out of work. */
function life(spec: string, log: string, n: number, killAt: number, where: string): Promise<string | undefined> {
  // Each life's clock is past the previous lives' leases, as if their time had run out.
  const args = [join(import.meta.dirname, 'crashLoopWorker.mjs'), spec, log, `w${n}`, String(n * 2 * leaseMs), String(killAt), where];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let killed: string | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith('kill ')) return;
    killed = line;
    child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('exit', () => resolve(killed)));
}

/** How often each "taskId callId" ran, by the tools' own fsynced log. */
function runsOf(log: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(log, 'utf8').split('\n').filter(Boolean)) counts.set(line, (counts.get(line) ?? 0) + 1);
  return counts;
}

/**
 * A person settles each call in doubt: it ran (the log says so), so its output is given and it is
 * never run again. Adds each settled "taskId callId" to `parked`: the calls a task waited on.
 */
async function settle(store: TaskStore, log: string, parked: Set<string>): Promise<void> {
  const runs = runsOf(log);
  for (const task of await store.list({ state: 'input-required' })) {
    const inDoubt = (await store.steps(task.id)).filter((s) => s.status === 'started');
    // The reason names the call in doubt, and only a non-idempotent call is ever left to a person.
    expect(
      inDoubt.map((s) => s.callId),
      `task ${task.id} waits on one call`,
    ).toHaveLength(1);
    for (const step of inDoubt) {
      expect(task.reason, `task ${task.id}`).toContain(`"${step.callId}" was in flight`);
      expect(Number(step.callId.slice(1)) % 2, `${task.id} ${step.callId} is not idempotent`).toBe(1);
      const ran = (runs.get(`${task.id} ${step.callId}`) ?? 0) > 0;
      await store.resolveCall(task.id, step.callId, ran ? { output: Number(step.callId.slice(1)) * 10 } : { rerun: true });
      parked.add(`${task.id} ${step.callId}`);
    }
  }
}

/**
 * The guarantees of held model replies: a recorded reply was asked once more per kill that fell
 * in it or while it was held (a held reply dies with its process), and no tool call is on record
 * without the reply that asked for it (m0 is committed before c1 runs).
 */
function checkModelSteps(steps: readonly TaskStep[], runs: Map<string, number>, modelKills: Map<string, number>, id: string, at: string) {
  for (const step of steps) {
    const key = `${id} ${step.callId}`;
    if (step.kind === 'model') expect(runs.get(key), `${at}: model ${key}`).toBe(1 + (modelKills.get(key) ?? 0));
    if (step.kind === 'tool') expect(steps[0]?.callId, `${at}: ${key} after its reply`).toBe('m0');
  }
}

/** The guarantees after every restart (see the crash test). */
async function checkInvariants(store: TaskStore, log: string, ids: readonly string[], kills: Kills, at: string) {
  const { midCallKills, modelKills } = kills;
  const runs = runsOf(log);
  for (const id of ids) {
    const task = await store.get(id);
    expect(['submitted', 'working', 'input-required', 'completed'], `${at}: task ${id}`).toContain(task.state);
    const finals = (await store.events(id)).filter(
      (e) => e.type === 'status' && ['completed', 'failed', 'cancelled'].includes(e.data.state),
    );
    expect(finals.length, `${at}: final status events of ${id}`).toBe(task.state === 'completed' ? 1 : 0);
    const steps = await store.steps(id);
    checkModelSteps(steps, runs, modelKills, id, at);
    for (const step of steps) {
      if (step.kind !== 'tool') continue;
      const key = `${id} ${step.callId}`;
      const count = runs.get(key) ?? 0;
      const idempotent = Number(step.callId.slice(1)) % 2 === 0;
      // Never twice without leave; an idempotent call once more per kill while it was in flight.
      if (!idempotent) expect(count, `${at}: non-idempotent ${key}`).toBeLessThanOrEqual(1);
      if (step.status === 'done') expect(count, `${at}: ${key}`).toBe(idempotent ? 1 + (midCallKills.get(key) ?? 0) : 1);
    }
  }
}

async function crashLoop(spec: string, store: TaskStore, name: string): Promise<void> {
  const next = random(seed);
  const log = join(root, `${name}.log`);
  writeFileSync(log, '');
  const ids: string[] = [];
  const midCallKills = new Map<string, number>();
  const modelKills = new Map<string, number>();
  const kills: Kills = { midCallKills, modelKills };
  const parked = new Set<string>();
  for (let i = 0; i < 3; i++) ids.push((await store.create({ agent: 'loop', input: { i }, principal: 'p' })).id);
  for (let n = 0; n < cycles; n++) {
    // A task is acknowledged once create resolves; one more joins the queue every cycle.
    ids.push((await store.create({ agent: 'loop', input: { n }, principal: 'p' })).id);
    await settle(store, log, parked);
    const killAt = 1 + Math.floor(next() * 6);
    const where = next() < 0.5 ? 'mid-call' : 'after-commit';
    const killed = await life(spec, log, n, killAt, where);
    const [, taskId, callId] = killed?.split(' ') ?? [];
    const key = `${taskId} ${callId}`;
    // A model reply is lost with its process whether the kill fell in the call or while it was held.
    if (taskId !== undefined && callId?.startsWith('m') === true) modelKills.set(key, (modelKills.get(key) ?? 0) + 1);
    else if (where === 'mid-call' && taskId !== undefined) midCallKills.set(key, (midCallKills.get(key) ?? 0) + 1);
    await checkInvariants(store, log, ids, kills, `seed ${seed}, cycle ${n} (killed at invocation ${killAt}, ${where})`);
  }
  // The last life is not killed: every acknowledged task reaches its end, exactly once.
  await settle(store, log, parked);
  expect(await life(spec, log, cycles, 0, 'none'), `seed ${seed}: the last life`).toBeUndefined();
  // A non-idempotent call killed in flight in the last killed life parks its task only in the life
  // after: a person settles it, and one more life, not killed, finishes it.
  if ((await store.list({ state: 'input-required' })).length > 0) {
    await settle(store, log, parked);
    expect(await life(spec, log, cycles + 1, 0, 'none'), `seed ${seed}: the life after the last park`).toBeUndefined();
  }
  await checkInvariants(store, log, ids, kills, `seed ${seed}, after the last life`);
  expect(
    (await Promise.all(ids.map((id) => store.get(id)))).map((t) => t.state),
    `seed ${seed}`,
  ).toEqual(ids.map(() => 'completed'));
  expect(midCallKills.size, `seed ${seed}: some kills fell mid-call`).toBeGreaterThan(0);
  expect(modelKills.size, `seed ${seed}: some kills fell in a model call or while its reply was held`).toBeGreaterThan(0);
  // Every non-idempotent call killed in flight ran once and left its task in input-required for a person.
  const unsafeKills = [...midCallKills.keys()].filter((key) => Number(key.split(' ')[1]?.slice(1)) % 2 === 1);
  expect(unsafeKills.length, `seed ${seed}: some kills fell in a non-idempotent call`).toBeGreaterThan(0);
  for (const key of unsafeKills) {
    expect(parked, `seed ${seed}: ${key} waited for a person`).toContain(key);
    expect(runsOf(log).get(key), `seed ${seed}: ${key} ran once`).toBe(1);
  }
  await store.close();
}

describe('the seeded crash loop: 20 SIGKILLs at seeded points', () => {
  it('on SQLite: every acknowledged task completes exactly once, no non-idempotent call runs twice', async () => {
    const file = join(root, 'loop.sqlite');
    await crashLoop(`sqlite:${file}`, SqliteTaskStore.open({ file, leaseMs }), 'sqlite');
  }, 120_000);

  it.skipIf(postgresForTasks.unavailable !== undefined)(
    'on PostgreSQL: the same',
    async () => {
      const schema = freshTaskSchema();
      const store = await PostgresTaskStore.open({ connectionString: postgresForTasks.url, schema, leaseMs, poolSize: 2 });
      await crashLoop(`postgres:${schema}:${postgresForTasks.url}`, store, 'postgres');
    },
    120_000,
  );
});
