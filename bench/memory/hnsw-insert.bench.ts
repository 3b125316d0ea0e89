// One HNSW insert at a time, as the SQLite store adds each committed store's vector to its index
// (issue 13 §3, REST stores): usearch's `add` with its default thread count (0, "automatic": the
// vector goes to its thread pool while the caller waits) against one thread (the caller's), on
// the same 384-d vectors into two indexes, alternating, so load falls on both alike. The event
// loop is blocked for the wall time of each insert, so wall time per insert bounds store throughput.
// Run: node bench/memory/hnsw-insert.bench.ts [vectors=5000]
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { createReport, percentile, sized } from '../lib/measure.ts';

/** The part of usearch's `Index` this bench uses (loaded through `require`, as the memory plugin does). */
interface InsertIndex {
  add(key: bigint, vector: Float32Array, threads: number): void;
}
const D = 384;
// The store's index parameters (createHnswVectorIndex's defaults), cosine over float32.
const graph = { dimensions: D, connectivity: 16, expansion_add: 128, expansion_search: 128 };
const config = { ...graph, metric: 'cos', quantization: 'f32', multi: false } as const;
const { Index } = createRequire(import.meta.url)('usearch') as { Index: new (c: typeof config) => InsertIndex };
const N = Number(sized<string | number>(process.argv[2] ?? 5_000, 200));
let seed = 20_261_207;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296 - 0.5;
};
const vectors = Array.from({ length: N }, () => Float32Array.from({ length: D }, rnd));
const make = (): InsertIndex => new Index(config);
const load = loadavg()[0] ?? 0;
const sides = [
  { name: 'threads 0 (usearch default)', threads: 0, index: make(), wall: [] as number[], cpu: 0 },
  { name: 'threads 1', threads: 1, index: make(), wall: [] as number[], cpu: 0 },
];
for (let i = 0; i < N; i++) {
  for (const side of i % 2 === 0 ? sides : [...sides].reverse()) {
    const cpu = process.cpuUsage();
    const t = performance.now();
    side.index.add(BigInt(i), vectors[i] as Float32Array, side.threads);
    side.wall.push((performance.now() - t) * 1000);
    const used = process.cpuUsage(cpu);
    side.cpu += used.user + used.system;
  }
}
const report = createReport('memory-hnsw-insert');
const [auto, one] = sides as [(typeof sides)[number], (typeof sides)[number]];
for (const side of sides) side.wall.sort((a, b) => a - b);
const c = `one 384-d insert into an index growing to ${N.toLocaleString('en')} (M 16, efConstruction 128)`;
for (const p of [50, 99]) {
  report.add({
    case: c,
    metric: `wall p${p}`,
    unit: 'µs',
    value: percentile(one.wall, p),
    baseline: auto.name,
    baselineValue: percentile(auto.wall, p),
  });
}
report.add({ case: c, metric: 'CPU per insert', unit: 'µs', value: one.cpu / N, baseline: auto.name, baselineValue: auto.cpu / N });
report.print([`value: threads 1; load average ${load.toFixed(1)} before`]);
