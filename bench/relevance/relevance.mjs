// Relevance of the memory store's search on a BEIR-layout dataset (corpus.jsonl, queries.jsonl,
// qrels.tsv): nDCG@10 (gain 2^g − 1, log2 discount) and recall@100 for keyword, semantic,
// hybrid (weighted) and RRF, all through the store's public search API.
// Run after `tsc -b`: node bench/relevance/relevance.mjs bench/relevance/datasets/cranfield
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/dist/index.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/dist/testing/createDeterministicEmbedder.js';

const folder = process.argv[2] ?? join(import.meta.dirname, 'datasets/cranfield');
const jsonl = (f) => readFileSync(join(folder, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const corpus = jsonl('corpus.jsonl');
const queries = jsonl('queries.jsonl');
const qrels = new Map();
for (const line of readFileSync(join(folder, 'qrels.tsv'), 'utf8').split('\n').slice(1)) {
  const [q, d, g] = line.split('\t');
  if (!q || !d) continue;
  if (!qrels.has(q)) qrels.set(q, new Map());
  qrels.get(q).set(d, Number(g));
}
// The only embedder that needs no model download: token and trigram hashing (no semantics beyond shared word pieces).
const embed = createDeterministicEmbedder({ model: 'hashing-384', dimensions: 384 });
const store = await createSqliteMemoryStore({ embed, vectorIndex: 'exact' });
const byId = new Map();
for (let i = 0; i < corpus.length; i += 200) {
  const stored = await store.storeMany(corpus.slice(i, i + 200).map((d) => ({ text: d.text, metadata: { docId: d._id } })));
  for (const m of stored) byId.set(m.id, m.metadata.docId);
}
const ndcg = (ranked, rel) => {
  let dcg = 0; ranked.slice(0, 10).forEach((d, i) => { dcg += (2 ** (rel.get(d) ?? 0) - 1) / Math.log2(i + 2); });
  let idcg = 0; [...rel.values()].sort((a, b) => b - a).slice(0, 10).forEach((g, i) => { idcg += (2 ** g - 1) / Math.log2(i + 2); });
  return idcg === 0 ? 0 : dcg / idcg;
};
const runs = [
  ['keyword (FTS5 BM25)', { mode: 'keyword' }],
  ['semantic (hashing-384)', { mode: 'semantic' }],
  ['hybrid 0.6/0.4', { mode: 'hybrid' }],
  ['hybrid 0.2/0.8', { mode: 'hybrid', weights: { semantic: 0.2, keyword: 0.8 } }],
  ['rrf k=60', { mode: 'rrf' }],
];
const reference = { ndcg10: 0.341, recall100: 0.71 };
const rows = [];
for (const [name, opts] of runs) {
  let n = 0, r = 0, count = 0;
  for (const q of queries) {
    const rel = qrels.get(q._id);
    if (!rel) continue;
    const hits = await store.search({ query: q.text, limit: 100, ...opts });
    const ranked = hits.map((h) => byId.get(h.memory.id));
    n += ndcg(ranked, rel);
    const relevant = [...rel.keys()];
    r += relevant.filter((d) => ranked.includes(d)).length / relevant.length;
    count++;
  }
  rows.push({ name, ndcg10: n / count, recall100: r / count, queries: count });
}
await store.close();
console.log('run | nDCG@10 | recall@100 | vs reference BM25 nDCG@10 0.341');
for (const x of rows) console.log(`${x.name} | ${x.ndcg10.toFixed(3)} | ${x.recall100.toFixed(3)} | ${((x.ndcg10 / reference.ndcg10 - 1) * 100).toFixed(1)}%`);
for (const x of rows) {
  console.log(JSON.stringify({ bench: 'relevance-cranfield', case: x.name, metric: 'nDCG@10', unit: 'ratio', value: +x.ndcg10.toFixed(4), baseline: 'reference BM25 k1=1.2 b=0.75', baselineValue: reference.ndcg10, ratio: +(x.ndcg10 / reference.ndcg10).toFixed(4) }));
  console.log(JSON.stringify({ bench: 'relevance-cranfield', case: x.name, metric: 'recall@100', unit: 'ratio', value: +x.recall100.toFixed(4), baseline: 'reference BM25 k1=1.2 b=0.75', baselineValue: reference.recall100, ratio: +(x.recall100 / reference.recall100).toFixed(4) }));
}
