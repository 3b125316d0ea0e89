// HNSW search breadth (ef) against recall@10 and latency, on the memory bench's clustered 384-d
// vectors, through usearch alone: the graph is built once (M 16, efConstruction 128, 2 threads),
// saved, and loaded into indexes with each ef; the baseline is exact search over the same vectors.
// This is the measurement behind the store's size-aware ef (docs/adr/0006, addendum).
// Run: node bench/memory/hnsw-ef.bench.mjs [vectors=100000]   (1,000,000: ~11 min, ~3 GB RAM)
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReport, percentile } from '../lib/measure.mjs';

const require = createRequire(join(import.meta.dirname, '../../packages/plugin-memory/package.json'));
const { Index, exactSearch } = require('usearch');
const N = Number(process.argv[2] ?? 100_000),
  D = 384,
  Q = 200;
let seed = 12345;
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
const unit = (v, o) => {
  let n = 0;
  for (let i = 0; i < D; i++) n += v[o + i] ** 2;
  n = Math.sqrt(n);
  for (let i = 0; i < D; i++) v[o + i] /= n;
};

// Same generator as memory.bench.mjs: N / 500 clusters, member noise 0.08, query noise 0.05.
const C = Math.max(20, Math.round(N / 500));
const centres = new Float32Array(C * D).map(gauss);
for (let c = 0; c < C; c++) unit(centres, c * D);
const data = new Float32Array(N * D);
for (let i = 0; i < N; i++) {
  const c = i % C;
  for (let d = 0; d < D; d++) data[i * D + d] = centres[c * D + d] + 0.08 * gauss();
  unit(data, i * D);
}
const queries = new Float32Array(Q * D);
for (let q = 0; q < Q; q++) {
  const b = Math.floor(rnd() * N);
  for (let d = 0; d < D; d++) queries[q * D + d] = data[b * D + d] + 0.05 * gauss();
  unit(queries, q * D);
}

const config = (ef) => ({
  dimensions: D,
  metric: 'cos',
  quantization: 'f32',
  connectivity: 16,
  expansion_add: 128,
  expansion_search: ef,
  multi: false,
});
const dir = mkdtempSync(join(tmpdir(), 'hnsw-ef-'));
const report = createReport('memory-hnsw-ef');
try {
  const t = performance.now();
  const built = new Index(config(128));
  const keys = BigUint64Array.from({ length: N }, (_, i) => BigInt(i));
  for (let i = 0; i < N; i += 100_000)
    built.add(keys.subarray(i, Math.min(N, i + 100_000)), data.subarray(i * D, Math.min(N, i + 100_000) * D), 2);
  report.add({ case: `${N} vectors`, metric: 'build (2 threads)', unit: 's', value: (performance.now() - t) / 1000 });
  const path = join(dir, 'index.usearch');
  built.save(path);

  const exactLatencies = [];
  for (let q = 0; q < 20; q++) {
    const a = performance.now();
    exactSearch(data, queries.subarray(q * D, q * D + D), D, 10, 'cos', 1);
    exactLatencies.push(performance.now() - a);
  }
  exactLatencies.sort((a, b) => a - b);
  const truth = exactSearch(data, queries, D, 10, 'cos', 2);
  const truthSets = Array.from({ length: Q }, (_, q) => new Set(Array.from(truth.keys.subarray(q * 10, q * 10 + 10), Number)));

  for (const ef of [64, 128, 256, 512, 1024]) {
    const index = new Index(config(ef));
    index.load(path);
    let hits = 0;
    const latencies = [];
    for (let q = 0; q < Q; q++) {
      const a = performance.now();
      const found = index.search(queries.subarray(q * D, q * D + D), 10, 1);
      latencies.push(performance.now() - a);
      for (const key of found.keys) if (truthSets[q].has(Number(key))) hits++;
    }
    latencies.sort((a, b) => a - b);
    report.add({
      case: `${N} vectors, ef ${ef}`,
      metric: 'recall@10',
      unit: 'ratio',
      value: hits / (Q * 10),
      baseline: 'exact search',
      baselineValue: 1,
    });
    report.add({
      case: `${N} vectors, ef ${ef}`,
      metric: 'p95',
      unit: 'ms',
      value: percentile(latencies, 95),
      baseline: 'exact search (1 thread, 20 queries)',
      baselineValue: percentile(exactLatencies, 95),
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
report.print([
  `${Q} queries, one search thread; clustered 384-d vectors as in memory.bench.mjs`,
  `load average (1 min) ${loadavg()[0].toFixed(1)}`,
]);
