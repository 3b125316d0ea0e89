// Energy per operation in normal and low-power mode, in the same run (issue 23 §1).
// A fixed workload — memory stores, memory searches, plain tool calls, each issued 16 at a time
// through kernel.tools.call — runs in a fresh runtime per mode; each phase reports CPU-seconds and
// joules per operation (from the energy plugin's meter: RAPL where readable, else its CPU-time
// estimate, and the source is printed), throughput, and quality against normal mode: search
// recall@10 (the low-power top 10 against the normal top 10 of the same query, matched by text)
// and whether every tool result is identical. Two embedders: an OpenAI-compatible embedding
// server on 127.0.0.1 in this process (the shape of Ollama or TEI: per-request HTTP cost) and the
// in-process hashing provider (no per-request cost). Rounds alternate the order of the modes.
// Run after `tsc -b`: node --expose-gc bench/energy/energy.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createKernel,
  createLogger,
  defineTool,
  definePlugin,
  kernelExtensionPoints,
  type Kernel,
  type Plugin,
  type PowerMode,
} from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { energyPlugin, type EnergyReport } from '@cortex-os/plugin-energy';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { openAiPlugin } from '@cortex-os/plugin-openai';
import { z } from 'zod';
import { createReport, median, sized } from '../lib/measure.ts';
import { startEmbeddingServer } from './embeddingServer.ts';

const STORES = sized(2_000, 40);
const SEARCHES = sized(400, 10);
const TOOL_CALLS = sized(20_000, 40);
const CONCURRENCY = 16;
const ROUNDS = sized(3, 1);
const WATTS_PER_CORE = 10;

const topics = ['deploy', 'database', 'invoice', 'meeting', 'travel', 'security', 'recipe', 'garden', 'hiring', 'budget'];
const words = 'alpha bravo check delta echo fixed green hotel index jolly kilo lima metro north oscar plan quote radio sierra tango'.split(
  ' ',
);
let seed = 7;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
const texts = Array.from(
  { length: STORES },
  (_, i) => `${pick(topics)} note ${i}: ${Array.from({ length: 12 }, () => pick(words)).join(' ')} ${pick(topics)}`,
);
const queries = Array.from({ length: SEARCHES }, () => `${pick(topics)} ${pick(words)} ${pick(words)}`);

/** The plain tool of the workload: a deterministic lookup with a little work. */
const lookup = defineTool({
  name: 'bench.lookup',
  description: 'Looks a key up.',
  input: z.object({ key: z.string() }),
  annotations: { readOnlyHint: true },
  handler: ({ key }) => ({
    content: [{ type: 'text' as const, text: `${key}=${key.length * 31}` }],
    structured: { key, value: key.length * 31 },
  }),
});
const benchTools = definePlugin({
  name: 'bench-tools',
  version: '1.0.0',
  contributes: { tools: kernelExtensionPoints.tools },
  start: () => ({ tools: [lookup] }),
});

type Embedder = 'http' | 'in-process';
interface Phase {
  readonly ops: number;
  readonly cpuSeconds: number;
  readonly joules: number;
  readonly seconds: number;
}
interface ModeRun {
  readonly phases: Record<'store' | 'search' | 'tool', Phase>;
  readonly hits: readonly (readonly string[])[];
  readonly toolResults: readonly string[];
  readonly source: EnergyReport['source'];
  readonly embedRequests: number | undefined;
}

/** Runs `count` calls, `CONCURRENCY` at a time, collecting what `call` returns in call order. */
async function concurrently<T>(count: number, call: (i: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await call(i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

// With --expose-gc (the `energy` script) each phase starts with a collection, so garbage the
// previous phase left is not charged to this one.
const collectGarbage = (globalThis as { gc?: () => void }).gc;

/** Measures one phase: CPU time and the meter's joules before and after. */
async function phase<T>(kernel: Kernel, ops: number, work: () => Promise<T>): Promise<{ phase: Phase; value: T }> {
  collectGarbage?.();
  const report = async () => (await kernel.tools.call('energy.report', {})).structured as EnergyReport;
  const before = await report();
  const started = performance.now();
  const value = await work();
  const seconds = (performance.now() - started) / 1000;
  const after = await report();
  return { phase: { ops, seconds, cpuSeconds: after.cpuSeconds - before.cpuSeconds, joules: after.joules - before.joules }, value };
}

async function runMode(embedder: Embedder, mode: PowerMode, stores: number): Promise<ModeRun> {
  const dataDir = mkdtempSync(join(tmpdir(), 'energy-bench-'));
  const server = embedder === 'http' ? await startEmbeddingServer() : undefined;
  const provider: Plugin =
    server === undefined
      ? localEmbeddersPlugin()
      : openAiPlugin({ name: 'embed-server', baseUrl: server.baseUrl, embedding: { model: server.model, dimensions: server.dimensions } });
  const kernel = createKernel({
    logger: createLogger({ level: 'silent' }),
    plugins: [
      routerPlugin(),
      provider,
      memoryPlugin({ dataDir, store: { kind: 'sqlite', vectorIndex: 'hnsw', synchronous: 'normal' } }),
      energyPlugin({ wattsPerCore: WATTS_PER_CORE, powerMode: mode }),
      benchTools(),
    ],
  });
  await kernel.start();
  try {
    const store = await phase(kernel, stores, () =>
      concurrently(stores, (i) => kernel.tools.call('memory.store', { memory: { text: texts[i] as string, tags: ['bench'] } })),
    );
    const search = await phase(kernel, queries.length, () =>
      concurrently(queries.length, async (i) => {
        const { structured } = await kernel.tools.call('memory.search', { query: queries[i] as string, limit: 10 });
        return (structured as { hits: { memory: { text: string } }[] }).hits.map((hit) => hit.memory.text);
      }),
    );
    const tool = await phase(kernel, TOOL_CALLS, () =>
      concurrently(TOOL_CALLS, async (i) => JSON.stringify((await kernel.tools.call('bench.lookup', { key: `k${i % 97}` })).structured)),
    );
    const { source } = (await kernel.tools.call('energy.report', {})).structured as EnergyReport;
    return {
      phases: { store: store.phase, search: search.phase, tool: tool.phase },
      hits: search.value,
      toolResults: tool.value,
      source,
      embedRequests: server?.requests(),
    };
  } finally {
    await kernel.stop();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Recall@10 of `low` against `normal`, averaged over the queries (1 when both are empty). */
function recallAt10(normal: readonly (readonly string[])[], low: readonly (readonly string[])[]): number {
  const recalls = normal.map((expected, i) => {
    const top = expected.slice(0, 10);
    if (top.length === 0) return 1;
    const got = new Set((low[i] ?? []).slice(0, 10));
    return top.filter((text) => got.has(text)).length / top.length;
  });
  return recalls.reduce((a, b) => a + b, 0) / Math.max(1, recalls.length);
}

const sum = (phases: readonly Phase[], key: keyof Phase): number => phases.reduce((total, p) => total + p[key], 0);

async function measureEmbedder(embedder: Embedder, report: ReturnType<typeof createReport>, notes: string[]): Promise<void> {
  await runMode(embedder, 'normal', Math.min(200, STORES)); // warm-up: JIT and SQLite, discarded
  await runMode(embedder, 'low-power', Math.min(200, STORES));
  const runs: Record<PowerMode, ModeRun[]> = { normal: [], 'low-power': [] };
  for (let round = 0; round < ROUNDS; round += 1) {
    const order: PowerMode[] = round % 2 === 0 ? ['normal', 'low-power'] : ['low-power', 'normal'];
    for (const mode of order) runs[mode].push(await runMode(embedder, mode, STORES));
  }
  const source = runs.normal[0]?.source ?? 'estimate';
  for (const name of ['store', 'search', 'tool', 'all'] as const) {
    const phasesOf = (mode: PowerMode): Phase[] =>
      runs[mode].flatMap((run) => (name === 'all' ? Object.values(run.phases) : [run.phases[name]]));
    const perOp = (mode: PowerMode, key: 'joules' | 'cpuSeconds') => sum(phasesOf(mode), key) / sum(phasesOf(mode), 'ops');
    const throughput = (mode: PowerMode) => median(phasesOf(mode).map((p) => p.ops / p.seconds));
    const label = `${embedder}/${name}`;
    report.add({
      case: `${label}/low-power`,
      metric: `joules/op (${source})`,
      unit: 'mJ',
      value: perOp('low-power', 'joules') * 1000,
      baseline: `${label}/normal`,
      baselineValue: perOp('normal', 'joules') * 1000,
    });
    report.add({
      case: `${label}/low-power`,
      metric: 'CPU time/op',
      unit: 'µs',
      value: perOp('low-power', 'cpuSeconds') * 1e6,
      baseline: `${label}/normal`,
      baselineValue: perOp('normal', 'cpuSeconds') * 1e6,
    });
    if (name !== 'all')
      report.add({
        case: `${label}/low-power`,
        metric: 'throughput',
        unit: 'ops/s',
        value: throughput('low-power'),
        baseline: `${label}/normal`,
        baselineValue: throughput('normal'),
      });
  }
  const recalls = runs.normal.map((normal, i) => recallAt10(normal.hits, runs['low-power'][i]?.hits ?? []));
  const toolsEqual = runs.normal.every(
    (normal, i) => JSON.stringify(normal.toolResults) === JSON.stringify(runs['low-power'][i]?.toolResults),
  );
  report.add({
    case: `${embedder}/search/low-power`,
    metric: 'recall@10 vs normal',
    unit: '',
    value: Math.min(...recalls),
    baseline: `${embedder}/search/normal`,
    baselineValue: 1,
  });
  report.add({
    case: `${embedder}/tool/low-power`,
    metric: 'tool results identical',
    unit: '',
    value: toolsEqual ? 1 : 0,
    baseline: `${embedder}/tool/normal`,
    baselineValue: 1,
  });
  const requests = (mode: PowerMode) => runs[mode].map((run) => run.embedRequests).join('/');
  if (embedder === 'http')
    notes.push(`embedding-server requests per run: normal ${requests('normal')}, low-power ${requests('low-power')}`);
  notes.push(
    `${embedder}: energy source ${source}${source === 'estimate' ? ` (CPU-seconds × ${WATTS_PER_CORE} W per core; RAPL not readable here)` : ' (RAPL package energy: the whole machine)'}`,
  );
}

const report = createReport('energy');
const notes = [
  `${STORES} stores, ${SEARCHES} searches, ${TOOL_CALLS} tool calls per run, ${CONCURRENCY} at a time; ${ROUNDS} rounds alternating the mode order, after a discarded warm-up`,
  `load before: ${(loadavg()[0] ?? 0).toFixed(2)} on ${availableParallelism()} cores; ${collectGarbage === undefined ? 'no GC between phases (run with --expose-gc)' : 'a GC before each phase'}`,
];
for (const embedder of ['http', 'in-process'] as const) await measureEmbedder(embedder, report, notes);
report.print(notes);
