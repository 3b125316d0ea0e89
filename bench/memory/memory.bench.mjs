// Memory store benchmark: insert throughput, index build, hybrid search latency and ANN recall,
// side by side with exact brute force and @orama/orama 3.1 hybrid search, at 10k and 100k.
// Run after `tsc -b`: node bench/memory/memory.bench.mjs [sizes=10000,100000]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/dist/index.js';
import { createReport } from '../lib/measure.mjs';

const pluginDir = join(import.meta.dirname, '../../packages/plugin-memory');
const orama = await import(pathToFileURL(createRequire(join(pluginDir, 'package.json')).resolve('@orama/orama')).href);
const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const D = 384, Q = 200;
const oramaQueries = (n) => (n >= 100_000 ? 10 : 20);
const loadBefore = loadavg()[0];
let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
const gauss = () => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
const unit = (v) => { let n = 0; for (const x of v) n += x * x; n = Math.sqrt(n); for (let i = 0; i < v.length; i++) v[i] /= n; return v; };
const topics = ['deploy', 'database', 'invoice', 'meeting', 'travel', 'security', 'recipe', 'garden', 'hiring', 'budget', 'network', 'backup', 'customer', 'release', 'incident', 'design', 'music', 'fitness', 'school', 'insurance'];
const common = 'the a team said we should check again later because it was noted that next week after review before friday client server report plan issue update fix note call email'.split(' ');
const pct = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const report = createReport('memory');
const emit = (_bench, c, metric, unit, value, baseline, baselineValue) => report.add({ case: c, metric, unit, value, baseline: baseline ?? null, baselineValue: baselineValue ?? null });

for (const N of sizes) {
  const C = Math.max(20, Math.round(N / 500));
  const cents = Array.from({ length: C }, () => unit(Float32Array.from({ length: D }, gauss)));
  const texts = [], vecs = [];
  const byText = new Map();
  for (let i = 0; i < N; i++) {
    const c = i % C; const t = topics[c % topics.length];
    const words = Array.from({ length: 8 + Math.floor(rnd() * 8) }, () => (rnd() < 0.3 ? `${t}${Math.floor(rnd() * 50)}` : common[Math.floor(rnd() * common.length)]));
    const text = `${t} note ${i}: ${words.join(' ')}`;
    const v = new Float32Array(D); const ce = cents[c]; for (let d = 0; d < D; d++) v[d] = ce[d] + 0.08 * gauss(); unit(v);
    texts.push(text); vecs.push(v); byText.set(text, v);
  }
  const queries = Array.from({ length: Q }, (_, q) => {
    const base = Math.floor(rnd() * N); const v = new Float32Array(D); for (let d = 0; d < D; d++) v[d] = vecs[base][d] + 0.05 * gauss(); unit(v);
    const words = texts[base].split(' '); const text = `query ${q} ${words[0]} ${words[4] ?? ''} ${words[6] ?? ''}`;
    byText.set(text, v); return { text, v };
  });
  const embed = async (ts) => ({ model: 'bench-synthetic-384', dimensions: D, vectors: ts.map((t) => byText.get(t) ?? new Float32Array(D).fill(1 / Math.sqrt(D))) });
  const dir = mkdtempSync(join(tmpdir(), 'memory-bench-'));
  try {
    const store = await createSqliteMemoryStore({ dataDir: dir, embed, synchronous: 'normal', indexSaveEvery: 10 ** 9 });
    let t = performance.now();
    for (let i = 0; i < N; i += 1000) await store.storeMany(texts.slice(i, i + 1000).map((text) => ({ text })));
    const insertS = (performance.now() - t) / 1000;
    emit('memory', `${N}`, 'insert throughput (batches of 1000, incl. HNSW insert)', 'memories/s', N / insertS);
    await store.close();
    rmSync(join(dir, 'memories.usearch')); rmSync(join(dir, 'memories.usearch.json'));
    t = performance.now();
    const reopened = await createSqliteMemoryStore({ dataDir: dir, embed });
    const buildMs = performance.now() - t;
    emit('memory', `${N}`, 'index build from SQLite on open', 'ms', buildMs);
    await reopened.close();
    t = performance.now();
    const hnsw = await createSqliteMemoryStore({ dataDir: dir, embed });
    emit('memory', `${N}`, 'open with saved index', 'ms', performance.now() - t);
    const exact = await createSqliteMemoryStore({ dataDir: join(dir), embed, vectorIndex: 'exact' }).catch(() => undefined);
    // Ground truth: exact top-10 by cosine.
    const truth = queries.map(({ v }) => { const s = vecs.map((x, i) => { let d = 0; for (let k = 0; k < D; k++) d += v[k] * x[k]; return [d, i]; }); s.sort((a, b) => b[0] - a[0]); return new Set(s.slice(0, 10).map(([, i]) => texts[i])); });
    let hit = 0;
    for (let q = 0; q < Q; q++) for (const h of await hnsw.search({ query: queries[q].text, mode: 'semantic', limit: 10 })) if (truth[q].has(h.memory.text)) hit++;
    emit('memory', `${N}`, 'recall@10 HNSW vs exact', 'ratio', hit / (Q * 10));
    const lat = async (s, mode, n = Q) => { const l = []; for (let q = 0; q < n; q++) { const a = performance.now(); await s.search({ query: queries[q].text, mode, limit: 10 }); l.push(performance.now() - a); } return l; };
    await lat(hnsw, 'hybrid', 20);
    const hy = await lat(hnsw, 'hybrid');
    const ex = exact ? await lat(exact, 'hybrid') : undefined;
    if (exact) {
      // Hybrid recall: the HNSW store's hybrid top-10 against the same query on the exact index.
      let same = 0;
      for (let q = 0; q < Q; q++) {
        const want = new Set((await exact.search({ query: queries[q].text, limit: 10 })).map((h) => h.memory.id));
        for (const h of await hnsw.search({ query: queries[q].text, limit: 10 })) if (want.has(h.memory.id)) same++;
      }
      emit('memory', `${N}`, 'hybrid recall@10 HNSW vs exact hybrid', 'ratio', same / (Q * 10));
    }
    for (const [p, name] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']]) emit('memory', `${N}`, `hybrid search ${name}`, 'ms', pct(hy, p), 'exact brute force (same store)', ex && pct(ex, p));
    const sem = await lat(hnsw, 'semantic');
    emit('memory', `${N}`, 'semantic search p95', 'ms', pct(sem, 0.95));
    const kw = await lat(hnsw, 'keyword');
    emit('memory', `${N}`, 'keyword search p95', 'ms', pct(kw, 0.95));
    await hnsw.close(); await exact?.close();
    // Orama 3.1 hybrid, similarity set explicitly to 0 so vector hits are not dropped.
    t = performance.now();
    const db = orama.create({ schema: { text: 'string', embedding: `vector[${D}]` } });
    for (let i = 0; i < N; i += 1000) await orama.insertMultiple(db, texts.slice(i, i + 1000).map((text, j) => ({ text, embedding: Array.from(vecs[i + j]) })));
    emit('memory', `${N}`, 'orama insert throughput', 'memories/s', N / ((performance.now() - t) / 1000));
    const ORAMA_Q = oramaQueries(N);
    const ol = []; let ohit = 0;
    for (let q = 0; q < ORAMA_Q; q++) {
      const a = performance.now();
      const r = await orama.search(db, { mode: 'hybrid', term: queries[q].text, vector: { value: Array.from(queries[q].v), property: 'embedding' }, similarity: 0, limit: 10, hybridWeights: { text: 0.4, vector: 0.6 } });
      ol.push(performance.now() - a);
      for (const h of r.hits) if (truth[q].has(h.document.text)) ohit++;
    }
    emit('memory', `${N}`, `orama hybrid p95 (${ORAMA_Q} queries)`, 'ms', pct(ol, 0.95), 'cortex hybrid p95', pct(hy, 0.95));
    emit('memory', `${N}`, 'orama hybrid top-10 overlap with exact semantic top-10', 'ratio', ohit / (ORAMA_Q * 10));
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
report.print([
  `sizes ${sizes.join(', ')}; ${Q} queries (Orama: 20, or 10 at 100k); 384-d synthetic clustered vectors; texts with topic words and common words`,
  `load average (1 min) before ${loadBefore.toFixed(1)}, after ${loadavg()[0].toFixed(1)} on ${(await import('node:os')).availableParallelism()} cores — a shared machine: latencies are inflated by the load`,
]);
