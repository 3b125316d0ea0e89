// Relevance of the memory store's search on a BEIR-layout dataset (corpus.jsonl, queries.jsonl,
// qrels.tsv): nDCG@10 (gain 2^g − 1, log2 discount) and recall@100 for keyword, semantic,
// hybrid and RRF, all through the store's public search API, with each local embedder
// available. Hybrid weights are tuned on a seeded half of the queries and reported on the other.
// Run after `tsc -b`: node bench/relevance/relevance.mjs [bench/relevance/datasets/cranfield]
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/dist/index.js';
import { createHashingProvider, createWordVectorProvider } from '../../packages/plugin-local-embedders/dist/index.js';
import { createReport } from '../lib/measure.mjs';

const folder = process.argv[2] ?? join(import.meta.dirname, 'datasets/cranfield');
const jsonl = (f) =>
  readFileSync(join(folder, f), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const corpus = jsonl('corpus.jsonl');
const queries = jsonl('queries.jsonl');
const qrels = new Map();
for (const line of readFileSync(join(folder, 'qrels.tsv'), 'utf8').split('\n').slice(1)) {
  const [q, d, g] = line.split('\t');
  if (!q || !d) continue;
  if (!qrels.has(q)) qrels.set(q, new Map());
  qrels.get(q).set(d, Number(g));
}
// A memory's text is the title, then the abstract: the README's reference BM25 indexes both
// (Cranfield abstracts repeat their title, so title words count twice there as well).
const toMemoryText = (d) => (d.title ? `${d.title}\n${d.text}` : d.text);
const judged = queries.filter((q) => qrels.has(q._id));
// Seeded split: tune on one half, report on the other.
let seed = 20261122;
const rnd = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296;
const shuffled = judged
  .map((q) => [rnd(), q])
  .sort((a, b) => a[0] - b[0])
  .map(([, q]) => q);
const tune = shuffled.slice(0, Math.floor(shuffled.length / 2));
const test = shuffled.slice(Math.floor(shuffled.length / 2));

const ndcg = (ranked, rel) => {
  let dcg = 0;
  ranked.slice(0, 10).forEach((d, i) => {
    dcg += (2 ** (rel.get(d) ?? 0) - 1) / Math.log2(i + 2);
  });
  let idcg = 0;
  [...rel.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .forEach((g, i) => {
      idcg += (2 ** g - 1) / Math.log2(i + 2);
    });
  return idcg === 0 ? 0 : dcg / idcg;
};

async function evaluate(store, byId, qs, opts) {
  let n = 0,
    r = 0;
  for (const q of qs) {
    const rel = qrels.get(q._id);
    const hits = await store.search({ query: q.text, limit: 100, ...opts });
    const ranked = hits.map((h) => byId.get(h.memory.id));
    n += ndcg(ranked, rel);
    const relevant = [...rel.keys()];
    r += relevant.filter((d) => ranked.includes(d)).length / relevant.length;
  }
  return { ndcg10: n / qs.length, recall100: r / qs.length };
}

const embedders = [['cortex-hashing-v1-384', createHashingProvider()]];
const words = createWordVectorProvider();
const health = await words.health();
if (health.available) embedders.push(['cortex-wink-sg100d-sif-v1', words]);
else console.error(`word vectors not available: ${health.reason}`);

const reference = { ndcg10: 0.341, recall100: 0.71 };
const report = createReport('relevance-cranfield');
const notes = [
  `${judged.length} judged queries; tuning half ${tune.length}, reported half ${test.length} (seed 20261122); reference: BM25 k1=1.2 b=0.75 with the same stop list, nDCG@10 ${reference.ndcg10}`,
];
const rows = [];
for (const [name, provider] of embedders) {
  const store = await createSqliteMemoryStore({ embed: (texts, o) => provider.embed(texts, o), vectorIndex: 'exact' });
  const byId = new Map();
  const t0 = performance.now();
  for (let i = 0; i < corpus.length; i += 200) {
    const stored = await store.storeMany(corpus.slice(i, i + 200).map((d) => ({ text: toMemoryText(d), metadata: { docId: d._id } })));
    for (const m of stored) byId.set(m.id, m.metadata.docId);
  }
  notes.push(`${name}: indexed ${corpus.length} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // Tune the semantic weight (keyword = 1 − semantic) and RRF k on the tuning half.
  let best = { w: 0, ndcg10: -1 };
  for (let w = 0; w <= 1.0001; w += 0.1) {
    const ws = Math.round(w * 10) / 10;
    const { ndcg10 } = await evaluate(store, byId, tune, {
      mode: 'hybrid',
      weights: { semantic: ws, keyword: Math.max(0, 1 - ws) || 1e-9 },
    });
    if (ndcg10 > best.ndcg10) best = { w: ws, ndcg10 };
  }
  let bestK = { k: 60, ndcg10: -1 };
  for (const k of [10, 30, 60, 100]) {
    const { ndcg10 } = await evaluate(store, byId, tune, { mode: 'rrf', rrfK: k });
    if (ndcg10 > bestK.ndcg10) bestK = { k, ndcg10 };
  }
  const runs = [
    ['keyword (FTS5 BM25)', { mode: 'keyword' }],
    [`semantic (${name})`, { mode: 'semantic' }],
    ['hybrid 0.6/0.4 (default)', { mode: 'hybrid' }],
    [
      `hybrid ${best.w.toFixed(1)}/${(1 - best.w).toFixed(1)} (tuned on the other half)`,
      { mode: 'hybrid', weights: { semantic: best.w, keyword: Math.max(0, 1 - best.w) || 1e-9 } },
    ],
    ['rrf k=60', { mode: 'rrf' }],
    [`rrf k=${bestK.k} (tuned)`, { mode: 'rrf', rrfK: bestK.k }],
  ];
  for (const [run, opts] of runs) {
    if (run.startsWith('keyword') && rows.some((r) => r.run.startsWith('keyword'))) continue; // the same for every embedder
    const all = await evaluate(store, byId, judged, opts);
    const half = await evaluate(store, byId, test, opts);
    rows.push({ embedder: name, run, all, half });
    const label = run.startsWith('keyword') ? run : `${run} [${name}]`;
    report.add({
      case: `${label}, all ${judged.length} queries`,
      metric: 'nDCG@10',
      unit: 'ratio',
      value: all.ndcg10,
      baseline: 'reference BM25 k1=1.2 b=0.75',
      baselineValue: reference.ndcg10,
    });
    report.add({ case: `${label}, reported half (${test.length})`, metric: 'nDCG@10', unit: 'ratio', value: half.ndcg10 });
    report.add({
      case: `${label}, all ${judged.length} queries`,
      metric: 'recall@100',
      unit: 'ratio',
      value: all.recall100,
      baseline: 'reference BM25 k1=1.2 b=0.75',
      baselineValue: reference.recall100,
    });
  }
  await store.close();
}
const keyword = rows.find((r) => r.run.startsWith('keyword'));
if (keyword !== undefined) {
  const gap = keyword.all.ndcg10 / reference.ndcg10 - 1;
  notes.push(
    `harness check: keyword nDCG@10 ${keyword.all.ndcg10.toFixed(3)} is ${(gap * 100).toFixed(1)}% from the reference ${reference.ndcg10} — ${Math.abs(gap) <= 0.03 ? 'within' : 'OUTSIDE'} the 3% the check allows`,
  );
}
const better = (run) => Math.max(...rows.filter((r) => r.run.startsWith(run)).map((r) => r.half.ndcg10));
const bestHybrid = Math.max(...rows.filter((r) => r.run.startsWith('hybrid')).map((r) => r.half.ndcg10));
const bestSingle = Math.max(better('keyword'), better('semantic'));
notes.push(
  `aim (reported half): best hybrid ${bestHybrid.toFixed(3)} vs best single mode ${bestSingle.toFixed(3)} = ${((bestHybrid / bestSingle - 1) * 100).toFixed(1)}% (aim +10%)`,
);
notes.push(`load average (1 min) ${loadavg()[0].toFixed(1)}`);
report.print(notes);
