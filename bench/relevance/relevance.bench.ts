// Relevance of the memory store's search on a BEIR-layout dataset (corpus.jsonl, queries.jsonl,
// qrels.tsv): nDCG@10 (gain 2^g − 1, log2 discount) and recall@100 for keyword, semantic,
// hybrid and RRF, all through the store's public search API, with each local embedder
// available. Hybrid weights are tuned on a seeded half of the queries and reported on the other.
// Run after `tsc -b`: node bench/relevance/relevance.bench.ts [bench/relevance/datasets/cranfield]
//
// Smoke run (CORTEX_BENCH_SMOKE=1): the first 8 judged queries, their judged documents and the
// first 40 others; the word-vector embedder runs on a token vectors file of the subset's words.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ModelProvider } from '@cortex-os/kernel/router';
import { createHashingProvider, createWordVectorProvider } from '@cortex-os/plugin-local-embedders';
import { createSqliteMemoryStore, type MemoryEmbedder, type MemorySearchQuery, type MemoryStore } from '@cortex-os/plugin-memory';
import { createReport, smoke } from '../lib/measure.ts';
import { writeWinkFixture } from '../lib/winkFixture.ts';

interface Doc {
  readonly _id: string;
  readonly title?: string;
  readonly text: string;
}
interface Query {
  readonly _id: string;
  readonly text: string;
}
/** Search options of one run (everything but the query text and the limit). */
type SearchOptions = Omit<MemorySearchQuery, 'query' | 'limit'>;
interface Scores {
  readonly ndcg10: number;
  readonly recall100: number;
}
interface Row {
  readonly embedder: string;
  readonly run: string;
  readonly all: Scores;
  readonly half: Scores;
}

const folder = process.argv[2] ?? join(import.meta.dirname, 'datasets/cranfield');
const jsonl = <T>(f: string): T[] =>
  readFileSync(join(folder, f), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
const qrels = new Map<string, Map<string, number>>();
for (const line of readFileSync(join(folder, 'qrels.tsv'), 'utf8').split('\n').slice(1)) {
  const [q, d, g] = line.split('\t');
  if (!q || !d) continue;
  const judgements = qrels.get(q) ?? new Map<string, number>();
  qrels.set(q, judgements);
  judgements.set(d, Number(g));
}

/** The judged queries and the corpus; a smoke run keeps a handful of queries and the documents they need. */
function dataset(): { corpus: Doc[]; judged: Query[] } {
  const corpus = jsonl<Doc>('corpus.jsonl');
  const judged = jsonl<Query>('queries.jsonl').filter((q) => qrels.has(q._id));
  if (!smoke) return { corpus, judged };
  const few = judged.slice(0, 8);
  const needed = new Set(few.flatMap((q) => [...(qrels.get(q._id)?.keys() ?? [])]));
  return { corpus: corpus.filter((d, i) => i < 40 || needed.has(d._id)), judged: few };
}

const { corpus, judged } = dataset();
// A memory's text is the title, then the abstract: the README's reference BM25 indexes both
// (Cranfield abstracts repeat their title, so title words count twice there as well).
const toMemoryText = (d: Doc): string => (d.title ? `${d.title}\n${d.text}` : d.text);
// Seeded split: tune on one half, report on the other.
let seed = 20261122;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const shuffled = judged
  .map((q) => [rnd(), q] as const)
  .sort((a, b) => a[0] - b[0])
  .map(([, q]) => q);
const tune = shuffled.slice(0, Math.floor(shuffled.length / 2));
const test = shuffled.slice(Math.floor(shuffled.length / 2));

const ndcg = (ranked: readonly (string | undefined)[], rel: ReadonlyMap<string, number>): number => {
  let dcg = 0;
  for (const [i, d] of ranked.slice(0, 10).entries()) dcg += (2 ** (rel.get(d ?? '') ?? 0) - 1) / Math.log2(i + 2);
  let idcg = 0;
  for (const [i, g] of [...rel.values()]
    .sort((a, b) => b - a)
    .slice(0, 10)
    .entries())
    idcg += (2 ** g - 1) / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
};

async function evaluate(store: MemoryStore, byId: ReadonlyMap<string, string>, qs: readonly Query[], opts: SearchOptions): Promise<Scores> {
  let n = 0;
  let r = 0;
  for (const q of qs) {
    const rel = qrels.get(q._id) ?? new Map<string, number>();
    const hits = await store.search({ query: q.text, limit: 100, ...opts });
    const ranked = hits.map((h) => byId.get(h.memory.id));
    n += ndcg(ranked, rel);
    const relevant = [...rel.keys()];
    r += relevant.filter((d) => ranked.includes(d)).length / relevant.length;
  }
  return { ndcg10: n / qs.length, recall100: r / qs.length };
}

/** The provider's embed as the store takes it (local embedders always have one). */
function embedderOf(provider: ModelProvider): MemoryEmbedder {
  const embed = provider.embed?.bind(provider);
  if (embed === undefined) throw new Error(`${provider.name} cannot embed`);
  return (texts, o) => embed(texts, o);
}

/** Every local embedder available; in a smoke run the word vectors come from a token file in `scratch`. */
async function embedders(scratch: string): Promise<[string, ModelProvider][]> {
  const list: [string, ModelProvider][] = [['cortex-hashing-v1-384', createHashingProvider()]];
  const subsetWords = (): string[] =>
    corpus.flatMap((d) =>
      toMemoryText(d)
        .toLowerCase()
        .split(/[^a-z]+/)
        .filter(Boolean),
    );
  const words = smoke
    ? createWordVectorProvider({ vectorsPath: writeWinkFixture(join(scratch, 'wink-fixture.json'), subsetWords()), cacheDir: scratch })
    : createWordVectorProvider();
  const health = await words.health();
  if (health.available) list.push(['cortex-wink-sg100d-sif-v1', words]);
  else console.error(`word vectors not available: ${health.reason}`);
  return list;
}

const reference = { ndcg10: 0.341, recall100: 0.71 };
const report = createReport('relevance-cranfield');
const notes = [
  `${judged.length} judged queries; tuning half ${tune.length}, reported half ${test.length} (seed 20261122); reference: BM25 k1=1.2 b=0.75 with the same stop list, nDCG@10 ${reference.ndcg10}`,
];
const rows: Row[] = [];

/** Indexes the corpus into a fresh exact store; returns it and memory id → document id. */
async function index(name: string, provider: ModelProvider): Promise<{ store: MemoryStore; byId: Map<string, string> }> {
  const store = await createSqliteMemoryStore({ embed: embedderOf(provider), vectorIndex: 'exact' });
  const byId = new Map<string, string>();
  const t0 = performance.now();
  for (let i = 0; i < corpus.length; i += 200) {
    const stored = await store.storeMany(corpus.slice(i, i + 200).map((d) => ({ text: toMemoryText(d), metadata: { docId: d._id } })));
    for (const m of stored) byId.set(m.id, String(m.metadata?.['docId']));
  }
  notes.push(`${name}: indexed ${corpus.length} documents in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { store, byId };
}

/** Tunes the semantic weight (keyword = 1 − semantic) and RRF k on the tuning half. */
async function tuneOn(store: MemoryStore, byId: ReadonlyMap<string, string>): Promise<{ w: number; k: number }> {
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
  return { w: best.w, k: bestK.k };
}

async function benchEmbedder(name: string, provider: ModelProvider): Promise<void> {
  const { store, byId } = await index(name, provider);
  const { w, k } = await tuneOn(store, byId);
  const runs: ReadonlyArray<readonly [string, SearchOptions]> = [
    ['keyword (FTS5 BM25)', { mode: 'keyword' }],
    [`semantic (${name})`, { mode: 'semantic' }],
    ['hybrid 0.6/0.4 (default)', { mode: 'hybrid' }],
    [
      `hybrid ${w.toFixed(1)}/${(1 - w).toFixed(1)} (tuned on the other half)`,
      { mode: 'hybrid', weights: { semantic: w, keyword: Math.max(0, 1 - w) || 1e-9 } },
    ],
    ['rrf k=60', { mode: 'rrf' }],
    [`rrf k=${k} (tuned)`, { mode: 'rrf', rrfK: k }],
  ];
  for (const [run, opts] of runs) {
    if (run.startsWith('keyword') && rows.some((r) => r.run.startsWith('keyword'))) continue; // the same for every embedder
    const all = await evaluate(store, byId, judged, opts);
    const half = await evaluate(store, byId, test, opts);
    rows.push({ embedder: name, run, all, half });
    const label = run.startsWith('keyword') ? run : `${run} [${name}]`;
    const vsReference = { case: `${label}, all ${judged.length} queries`, unit: 'ratio', baseline: 'reference BM25 k1=1.2 b=0.75' };
    report.add({ ...vsReference, metric: 'nDCG@10', value: all.ndcg10, baselineValue: reference.ndcg10 });
    report.add({ case: `${label}, reported half (${test.length})`, metric: 'nDCG@10', unit: 'ratio', value: half.ndcg10 });
    report.add({ ...vsReference, metric: 'recall@100', value: all.recall100, baselineValue: reference.recall100 });
  }
  await store.close();
}

/** The harness check against the reference BM25, and the hybrid aim on the reported half. */
function summaryNotes(): void {
  const keyword = rows.find((r) => r.run.startsWith('keyword'));
  if (keyword !== undefined) {
    const gap = keyword.all.ndcg10 / reference.ndcg10 - 1;
    notes.push(
      `harness check: keyword nDCG@10 ${keyword.all.ndcg10.toFixed(3)} is ${(gap * 100).toFixed(1)}% from the reference ${reference.ndcg10} — ${Math.abs(gap) <= 0.03 ? 'within' : 'OUTSIDE'} the 3% the check allows`,
    );
  }
  const better = (run: string): number => Math.max(...rows.filter((r) => r.run.startsWith(run)).map((r) => r.half.ndcg10));
  const bestHybrid = better('hybrid');
  const bestSingle = Math.max(better('keyword'), better('semantic'));
  notes.push(
    `aim (reported half): best hybrid ${bestHybrid.toFixed(3)} vs best single mode ${bestSingle.toFixed(3)} = ${((bestHybrid / bestSingle - 1) * 100).toFixed(1)}% (aim +10%)`,
  );
  notes.push(`load average (1 min) ${(loadavg()[0] ?? 0).toFixed(1)}`);
}

const scratch = mkdtempSync(join(tmpdir(), 'relevance-bench-'));
try {
  for (const [name, provider] of await embedders(scratch)) await benchEmbedder(name, provider);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
summaryNotes();
report.print(notes);
