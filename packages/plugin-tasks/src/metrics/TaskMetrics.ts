import { Counter, Gauge, type Registry } from 'prom-client';
import type { TaskEvent, TaskState } from '../store/TaskRecord.js';
import type { TaskStore } from '../store/TaskStore.js';

const STATES: readonly TaskState[] = ['submitted', 'working', 'input-required', 'completed', 'failed', 'cancelled'];

/**
 * Registers the task metrics on `registry` and feeds them from the store's committed events:
 * - `cortex_task_transitions_total{state}` — tasks entering each state;
 * - `cortex_task_leases_expired_total` — tasks taken over after a worker's lease ran out;
 * - `cortex_task_steps_total{kind,status}` — checkpoints started, done or marked for a re-run;
 * - `cortex_tasks{state}` — tasks in each state now (counted in the store on each scrape).
 * Counting from the event log means a metric never reports what the store did not commit.
 * @returns the disposer that stops watching the store.
 */
export function registerTaskMetrics(store: TaskStore, registry: Registry): () => void {
  const registers = [registry];
  const transitions = new Counter({
    name: 'cortex_task_transitions_total',
    help: 'Durable tasks entering each state (committed).',
    labelNames: ['state'] as const,
    registers,
  });
  const expired = new Counter({
    name: 'cortex_task_leases_expired_total',
    help: 'Durable tasks taken over by a worker after the previous worker let its lease run out.',
    registers,
  });
  const steps = new Counter({
    name: 'cortex_task_steps_total',
    help: 'Task checkpoints by kind (model, tool, approval, input) and status (started, done, rerun).',
    labelNames: ['kind', 'status'] as const,
    registers,
  });
  new Gauge({
    name: 'cortex_tasks',
    help: 'Durable tasks in each state, counted in the task store at scrape time.',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const counts = await store.countByState();
      for (const state of STATES) this.set({ state }, counts[state] ?? 0);
    },
  });
  // Counters start at 0 for every label a dashboard plots, so rate() has a series before the first task.
  for (const state of STATES) transitions.inc({ state }, 0);
  expired.inc(0);
  const onEvent = (event: TaskEvent): void => {
    if (event.type === 'status') {
      transitions.inc({ state: event.data.state });
      if (event.data.reclaimed === true) expired.inc();
    } else steps.inc({ kind: event.data.kind, status: event.data.status });
  };
  return store.watch(onEvent);
}
