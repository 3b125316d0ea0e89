// LangGraph.js with its SQLite checkpointer on the same task as tasks.bench.ts: STEPS super-steps,
// each one "model turn" adding the same request (~200 bytes) and reply (~200 bytes) to the state,
// checkpointed by SqliteSaver (better-sqlite3, WAL, synchronous=NORMAL as it ships) before the
// next step runs (`durability: 'sync'`, the guarantee a durable step gives).
import { join } from 'node:path';
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { percentile } from '../lib/measure.ts';

const State = Annotation.Root({
  step: Annotation<number>({ reducer: (_, next) => next, default: () => 0 }),
  turns: Annotation<unknown[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

/** A graph of one node that runs `steps` times, each adding one turn, on a fresh checkpointer file in `dir`. */
function openGraph(dir: string, name: string, steps: number, turn: unknown) {
  const saver = SqliteSaver.fromConnString(join(dir, `${name}.sqlite`));
  const graph = new StateGraph(State)
    .addNode('model', (state) => ({ step: state.step + 1, turns: [turn] }))
    .addEdge(START, 'model')
    .addConditionalEdges('model', (state) => (state.step >= steps ? END : 'model'))
    .compile({ checkpointer: saver });
  return { graph, saver };
}

type Graph = ReturnType<typeof openGraph>['graph'];

/** Runs one thread to its end; `onStep` gets each step's nanoseconds (from the previous step's end). */
async function runThread(graph: Graph, threadId: string, steps: number, onStep?: (ns: number) => void): Promise<void> {
  let last = process.hrtime.bigint();
  const options = {
    configurable: { thread_id: threadId },
    streamMode: 'updates' as const,
    durability: 'sync' as const,
    recursionLimit: steps * 2 + 10,
  };
  for await (const _ of await graph.stream({ step: 0 }, options)) {
    const now = process.hrtime.bigint();
    onStep?.(Number(now - last));
    last = now;
  }
}

/** p50 of one step in µs over `tasks` threads run one after another (after `warmup` threads). */
export async function langGraphStepP50(dir: string, steps: number, tasks: number, warmup: number, turn: unknown): Promise<number> {
  const { graph, saver } = openGraph(dir, 'p50', steps, turn);
  for (let i = 0; i < warmup; i++) await runThread(graph, `warm-${i}`, steps);
  const samples: number[] = [];
  for (let i = 0; i < tasks; i++) await runThread(graph, `t-${i}`, steps, (ns) => samples.push(ns));
  saver.db.close();
  return percentile(Float64Array.from(samples).sort(), 50) / 1000;
}

/** Steps and threads per second with `concurrent` threads at once, `perThread` tasks each. */
export async function langGraphPerSecond(
  dir: string,
  steps: number,
  concurrent: number,
  perThread: number,
  turn: unknown,
): Promise<{ steps: number; tasks: number }> {
  const { graph, saver } = openGraph(dir, `c${concurrent}`, steps, turn);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrent }, async (_, w) => {
      for (let i = 0; i < perThread; i++) await runThread(graph, `w${w}-${i}`, steps);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  saver.db.close();
  return { steps: (concurrent * perThread * steps) / seconds, tasks: (concurrent * perThread) / seconds };
}
