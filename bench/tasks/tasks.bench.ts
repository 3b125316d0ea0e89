// Durable task steps: what a checkpoint per model turn costs, side by side with the same steps
// without durability, in one run. Run after `pnpm build` (tsc -b): node bench/tasks/tasks.bench.ts
//
// Payload: tasks of STEPS steps; a step is one model turn's checkpoint as AgentTaskWorker writes
// it — `recordStep` of the request (~200 bytes of JSON) and the reply (~200 bytes) in one
// committed transaction (a model call is safe to re-run, so its start is not committed apart).
// Cases:
// - durable: SqliteTaskStore on a file, WAL, synchronous=FULL (every commit fsynced);
// - baseline: the same store and steps on `:memory:` (the same SQL, no disk): "without durability".
// Figures: p50 of one step, one task at a time; steps/s one task at a time; steps/s with 20 tasks
// running at once (their commits share fsyncs: group commit); tasks/s with 100 at once (claim,
// STEPS steps, finish).
// In the same run, each figure also for LangGraph.js 1.7 with its SQLite checkpointer on the same
// task (langGraphSteps.ts: a checkpoint per super-step, written before the next, at the
// synchronous=NORMAL it ships with) — the aim: a durable step no slower than LangGraph's
// while fsyncing every commit, and at least twice its throughput with 20 tasks at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteTaskStore, type TaskStore } from '@cortex-os/plugin-tasks';
import { createReport, percentile, sampleAsync, sized } from '../lib/measure.ts';
import { langGraphPerSecond, langGraphStepP50 } from './langGraphSteps.ts';

const STEPS = 20;
const SAMPLES = sized(2_000, 40);
const SEQUENTIAL_TASKS = sized(50, 2);
const report = createReport('tasks');
const request = { messages: [{ role: 'user', content: 'x'.repeat(160) }], tools: ['ledger.read', 'ledger.write'] };
const reply = { text: 'y'.repeat(160), toolCalls: [], usage: { inputTokens: 40, outputTokens: 40 } };
const dir = mkdtempSync(join(tmpdir(), 'bench-tasks-'));
let files = 0;

function open(durable: boolean): TaskStore {
  return SqliteTaskStore.open({ file: durable ? join(dir, `tasks-${files++}.sqlite`) : ':memory:', leaseMs: 600_000 });
}

async function step(store: TaskStore, id: string, worker: string, n: number): Promise<void> {
  await store.recordStep(id, worker, { kind: 'model', callId: `model:${n}`, input: request, output: reply, startedAt: store.now() });
}

/** One task from queue to completed: claim, STEPS steps, finish. Returns its id. */
async function runTask(store: TaskStore, worker: string): Promise<void> {
  const task = await store.claim(worker);
  if (task === undefined) throw new Error('no task to claim');
  for (let n = 0; n < STEPS; n++) await step(store, task.id, worker, n);
  await store.finish(task.id, worker, { state: 'completed', output: 'done' });
}

async function stepP50(durable: boolean): Promise<number> {
  const store = open(durable);
  const { id } = await store.create({ agent: 'a', input: null, principal: 'p' });
  await store.claim('w');
  let n = 0;
  const samples = await sampleAsync(() => step(store, id, 'w', n++), { iterations: SAMPLES, warmup: sized(200, 5) });
  await store.close();
  return percentile(samples, 50) / 1000;
}

/** Steps per second with `concurrent` tasks running at once, `rounds` tasks each. */
async function stepsPerSecond(durable: boolean, concurrent: number, perWorker: number): Promise<{ steps: number; tasks: number }> {
  const store = open(durable);
  for (let i = 0; i < concurrent * perWorker; i++) await store.create({ agent: 'a', input: null, principal: 'p' });
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrent }, async (_, w) => {
      for (let i = 0; i < perWorker; i++) await runTask(store, `w${w}`);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return { steps: (concurrent * perWorker * STEPS) / seconds, tasks: (concurrent * perWorker) / seconds };
}

const turn = { request, reply };
const cases = [
  {
    name: 'one model step (recordStep), p50',
    metric: 'p50',
    unit: 'µs',
    run: stepP50,
    langGraph: () => langGraphStepP50(dir, STEPS, Math.ceil(SAMPLES / STEPS), sized(10, 1), turn),
  },
  {
    name: 'steps/s, one task at a time',
    metric: 'throughput',
    unit: 'steps/s',
    run: async (d: boolean) => (await stepsPerSecond(d, 1, SEQUENTIAL_TASKS)).steps,
    langGraph: async () => (await langGraphPerSecond(dir, STEPS, 1, SEQUENTIAL_TASKS, turn)).steps,
  },
  {
    name: 'steps/s, 20 tasks at once',
    metric: 'throughput',
    unit: 'steps/s',
    run: async (d: boolean) => (await stepsPerSecond(d, 20, sized(5, 1))).steps,
    langGraph: async () => (await langGraphPerSecond(dir, STEPS, 20, sized(5, 1), turn)).steps,
  },
  {
    name: 'tasks/s, 100 tasks at once',
    metric: 'throughput',
    unit: 'tasks/s',
    run: async (d: boolean) => (await stepsPerSecond(d, 100, 1)).tasks,
    langGraph: async () => (await langGraphPerSecond(dir, STEPS, 100, 1, turn)).tasks,
  },
];
try {
  for (const c of cases) {
    // Baseline first, then durable, so the machine's warm-up falls on the baseline.
    const baselineValue = await c.run(false);
    const value = await c.run(true);
    report.add({
      case: `${c.name}: SQLite synchronous=FULL`,
      metric: c.metric,
      unit: c.unit,
      value,
      baseline: 'same steps on :memory: (no durability)',
      baselineValue,
    });
    report.add({
      case: `${c.name}: SQLite synchronous=FULL vs LangGraph.js`,
      metric: c.metric,
      unit: c.unit,
      value,
      baseline: 'LangGraph.js 1.7 + SqliteSaver (WAL, synchronous=NORMAL), checkpoint before each next step',
      baselineValue: await c.langGraph(),
    });
  }
  report.print([
    `A step: a model turn's checkpoint (recordStep, one commit), ${STEPS} steps a task.`,
    'Concurrent tasks share commits (group commit): each transaction in its own savepoint, one fsync per batch.',
    'LangGraph.js: the same task as a graph of one node run 20 times, each super-step checkpointed (durability sync) by its SQLite checkpointer, which fsyncs only at checkpoints of the WAL (synchronous=NORMAL).',
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
