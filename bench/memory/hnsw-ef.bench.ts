// HNSW search breadth (ef) against recall@10 and latency, on the memory bench's clustered 384-d
// vectors, through usearch alone: the graph is built once per precision and efConstruction (M 16,
// 2 threads; `QUANTIZATION=f16,f32` and `EXPANSION_ADD=128,64` build one graph each, defaults
// f16,f32 and 128), saved, and loaded into indexes with each ef; the baseline is exact search over
// the same vectors, and for f16 also the f32 graph's build time, file size and load time.
// This is the measurement behind the store's size-aware ef, its efConstruction and its default
// precision (docs/adr/0006, addenda).
// Run: node bench/memory/hnsw-ef.bench.ts [vectors=100000]   (1,000,000: ~11 min per efConstruction, ~3 GB RAM)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReport, percentile, sized } from '../lib/measure.ts';

/**
 * The part of usearch this bench uses, typed here: usearch's own types declare `metric` and
 * `quantization` as enums, and its ESM entry (which would give the enum values) cannot locate
 * its prebuilt binary, so it is loaded through `require` as the memory plugin does.
 */
interface UsearchIndexConfig {
  readonly dimensions: number;
  readonly metric: 'cos';
  readonly quantization: Quantization;
  readonly connectivity: number;
  readonly expansion_add: number;
  readonly expansion_search: number;
  readonly multi: boolean;
}
interface UsearchMatches {
  readonly keys: BigUint64Array;
}
interface UsearchIndex {
  add(keys: BigUint64Array, vectors: Float32Array, threads: number): void;
  search(vector: Float32Array, k: number, threads: number): UsearchMatches;
  save(path: string): void;
  load(path: string): void;
}
interface Usearch {
  readonly Index: new (config: UsearchIndexConfig) => UsearchIndex;
  exactSearch(
    dataset: Float32Array,
    queries: Float32Array,
    dimensions: number,
    count: number,
    metric: 'cos',
    threads: number,
  ): UsearchMatches;
}

const { Index, exactSearch } = createRequire(import.meta.url)('usearch') as Usearch;
const N = Number(sized<string | number>(process.argv[2] ?? 100_000, 500));
const D = 384;
const Q = sized(200, 20);
let seed = 12345;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
const unit = (v: Float32Array, o: number): void => {
  let n = 0;
  for (let i = 0; i < D; i++) n += (v[o + i] ?? 0) ** 2;
  n = Math.sqrt(n);
  for (let i = 0; i < D; i++) v[o + i] = (v[o + i] ?? 0) / n;
};

/** Same generator as memory.bench.ts: N / 500 clusters, member noise 0.08, query noise 0.05. */
function generate(): { data: Float32Array; queries: Float32Array } {
  const C = Math.max(20, Math.round(N / 500));
  const centres = new Float32Array(C * D).map(gauss);
  for (let c = 0; c < C; c++) unit(centres, c * D);
  const data = new Float32Array(N * D);
  for (let i = 0; i < N; i++) {
    const c = i % C;
    for (let d = 0; d < D; d++) data[i * D + d] = (centres[c * D + d] ?? 0) + 0.08 * gauss();
    unit(data, i * D);
  }
  const queries = new Float32Array(Q * D);
  for (let q = 0; q < Q; q++) {
    const b = Math.floor(rnd() * N);
    for (let d = 0; d < D; d++) queries[q * D + d] = (data[b * D + d] ?? 0) + 0.05 * gauss();
    unit(queries, q * D);
  }
  return { data, queries };
}

type Quantization = 'f16' | 'f32';
const quantizations = (process.env['QUANTIZATION'] ?? 'f16,f32').split(',') as Quantization[];
if (quantizations.some((q) => q !== 'f16' && q !== 'f32')) throw new Error('QUANTIZATION must list f16 and/or f32, e.g. f16,f32');
const expansionsAdd = (process.env['EXPANSION_ADD'] ?? '128').split(',').map(Number);
if (expansionsAdd.some((e) => !Number.isInteger(e) || e < 1)) throw new Error('EXPANSION_ADD must list positive integers, e.g. 128,64');

const config = (ef: number, efAdd: number, quantization: Quantization): UsearchIndexConfig => ({
  dimensions: D,
  metric: 'cos',
  quantization,
  connectivity: 16,
  expansion_add: efAdd,
  expansion_search: ef,
  multi: false,
});
const report = createReport('memory-hnsw-ef');

/** What building and loading one graph cost. */
interface Built {
  readonly buildS: number;
  readonly fileMB: number;
  readonly loadMs: number;
}

/** Builds the graph with `efAdd` in `quantization`, saves it to `path` and times loading it back. */
function build(data: Float32Array, path: string, efAdd: number, quantization: Quantization): Built {
  const t = performance.now();
  const built = new Index(config(128, efAdd, quantization));
  const keys = BigUint64Array.from({ length: N }, (_, i) => BigInt(i));
  for (let i = 0; i < N; i += 100_000)
    built.add(keys.subarray(i, Math.min(N, i + 100_000)), data.subarray(i * D, Math.min(N, i + 100_000) * D), 2);
  const buildS = (performance.now() - t) / 1000;
  built.save(path);
  const l = performance.now();
  new Index(config(128, efAdd, quantization)).load(path);
  return { buildS, fileMB: statSync(path).size / 1e6, loadMs: performance.now() - l };
}

/** The build, file and load rows of one graph, against the f32 graph of the same efConstruction when there is one. */
function reportBuilt(graph: string, built: Built, f32: Built | undefined): void {
  const rows = [
    ['build (2 threads)', 's', 'buildS'],
    ['saved file', 'MB', 'fileMB'],
    ['load', 'ms', 'loadMs'],
  ] as const;
  for (const [metric, unit, key] of rows)
    report.add({
      case: graph,
      metric,
      unit,
      value: built[key],
      ...(f32 === undefined ? {} : { baseline: 'the same graph in f32', baselineValue: f32[key] }),
    });
}

/** Exact search: its latency on a few queries (the baseline) and the true top-10 of every query. */
function exact(data: Float32Array, queries: Float32Array): { exactLatencies: number[]; truthSets: Set<number>[] } {
  const exactLatencies: number[] = [];
  for (let q = 0; q < sized(20, 5); q++) {
    const a = performance.now();
    exactSearch(data, queries.subarray(q * D, q * D + D), D, 10, 'cos', 1);
    exactLatencies.push(performance.now() - a);
  }
  exactLatencies.sort((a, b) => a - b);
  const truth = exactSearch(data, queries, D, 10, 'cos', 2);
  const truthSets = Array.from({ length: Q }, (_, q) => new Set(Array.from(truth.keys.subarray(q * 10, q * 10 + 10), Number)));
  return { exactLatencies, truthSets };
}

/** Loads the saved graph with each ef and measures recall@10 and p95 against exact search. */
function sweep(
  path: string,
  graph: string,
  efAdd: number,
  quantization: Quantization,
  queries: Float32Array,
  exactLatencies: readonly number[],
  truthSets: readonly Set<number>[],
): void {
  for (const ef of [64, 128, 256, 512, 1024]) {
    const index = new Index(config(ef, efAdd, quantization));
    index.load(path);
    let hits = 0;
    const latencies: number[] = [];
    for (let q = 0; q < Q; q++) {
      const a = performance.now();
      const found = index.search(queries.subarray(q * D, q * D + D), 10, 1);
      latencies.push(performance.now() - a);
      for (const key of found.keys) if (truthSets[q]?.has(Number(key))) hits++;
    }
    latencies.sort((a, b) => a - b);
    report.add({
      case: `${graph}, ef ${ef}`,
      metric: 'recall@10',
      unit: 'ratio',
      value: hits / (Q * 10),
      baseline: 'exact search',
      baselineValue: 1,
    });
    report.add({
      case: `${graph}, ef ${ef}`,
      metric: 'p95',
      unit: 'ms',
      value: percentile(latencies, 95),
      baseline: `exact search (1 thread, ${exactLatencies.length} queries)`,
      baselineValue: percentile(exactLatencies, 95),
    });
  }
}

const { data, queries } = generate();
const dir = mkdtempSync(join(tmpdir(), 'hnsw-ef-'));
try {
  const { exactLatencies, truthSets } = exact(data, queries);
  for (const efAdd of expansionsAdd) {
    // f32 first, so the f16 rows can name it as their baseline.
    let f32: Built | undefined;
    for (const quantization of [...quantizations].sort((a, b) => Number(b === 'f32') - Number(a === 'f32'))) {
      const graph = `${N} vectors, ${quantization}, efConstruction ${efAdd}`;
      const path = join(dir, `index-${quantization}-${efAdd}.usearch`);
      const built = build(data, path, efAdd, quantization);
      reportBuilt(graph, built, quantization === 'f32' ? undefined : f32);
      if (quantization === 'f32') f32 = built;
      sweep(path, graph, efAdd, quantization, queries, exactLatencies, truthSets);
      rmSync(path);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
report.print([
  `${Q} queries, one search thread; clustered 384-d vectors as in memory.bench.ts`,
  `load average (1 min) ${(loadavg()[0] ?? 0).toFixed(1)}`,
]);
