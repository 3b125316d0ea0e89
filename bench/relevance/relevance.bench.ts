// Relevance of the memory store's search on a BEIR-layout dataset (corpus.jsonl, queries.jsonl,
// qrels.tsv): nDCG@10 (gain 2^g − 1, log2 discount) and recall@100 for keyword, semantic,
// hybrid and RRF, all through the store's public search API, with each local embedder
// available. Fusion families (the store's own max normalisation, min-max, z-score, rank-based,
// RRF) are tuned on a seeded half of the queries; each family's choice is evaluated once on the
// other half. The reference is the harness's own BM25 over the folder (referenceBm25.ts); an
// optional `reference.json` in the folder adds published figures and the collection's name.
// Run after `tsc -b`: node bench/relevance/relevance.bench.ts [bench/relevance/datasets/cranfield]
//
// Smoke run (CORTEX_BENCH_SMOKE=1): the first 8 judged queries, their judged documents and the
// first 40 others; the word-vector embedder runs on a token vectors file of the subset's words.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ModelProvider } from '@cortex-os/kernel/router';
import { createHashingProvider, createWordVectorProvider } from '@cortex-os/plugin-local-embedders';
import { createSqliteMemoryStore, type MemoryEmbedder, type MemorySearchQuery, type MemoryStore } from '@cortex-os/plugin-memory';
import { createReport, smoke } from '../lib/measure.ts';
import { writeWinkFixture } from '../lib/winkFixture.ts';
import { fuseRankings, type Normalisation, type Ranking, rrfRankings } from './fuseRankings.ts';
import { createReferenceBm25 } from './referenceBm25.ts';

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
  const ranked: [Query, (string | undefined)[]][] = [];
  for (const q of qs) ranked.push([q, (await store.search({ query: q.text, limit: 100, ...opts })).map((h) => byId.get(h.memory.id))]);
  return score(ranked);
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

/** Optional `reference.json` in the folder: the collection's name and published figures. */
interface PublishedReference {
  readonly name?: string;
  readonly bm25?: { readonly ndcg10: number; readonly recall100: number; readonly source?: string };
}
const published: PublishedReference = existsSync(join(folder, 'reference.json'))
  ? (JSON.parse(readFileSync(join(folder, 'reference.json'), 'utf8')) as PublishedReference)
  : {};
const collection = published.name ?? basename(folder);

/** The harness's own BM25 over this folder, scored like every run. */
function referenceScores(qs: readonly Query[]): Scores {
  const bm25 = createReferenceBm25(corpus.map((d) => [d._id, toMemoryText(d)] as const));
  return score(qs.map((q) => [q, bm25.rank(q.text, 100)] as const));
}

/** nDCG@10 and recall@100 of ranked document ids per query. */
function score(ranked: readonly (readonly [Query, readonly (string | undefined)[]])[]): Scores {
  let n = 0;
  let r = 0;
  for (const [q, ids] of ranked) {
    const rel = qrels.get(q._id) ?? new Map<string, number>();
    n += ndcg(ids, rel);
    const relevant = [...rel.keys()];
    r += relevant.filter((d) => ids.includes(d)).length / relevant.length;
  }
  return { ndcg10: n / Math.max(1, ranked.length), recall100: r / Math.max(1, ranked.length) };
}

const reference = referenceScores(judged);
const report = createReport(`relevance-${collection}`);
const notes = [
  `${collection}: ${judged.length} judged queries; tuning half ${tune.length}, held-out half ${test.length} (seed 20261122); reference: the harness's BM25 (k1 1.2, b 0.75, README stop list, no stemming) nDCG@10 ${reference.ndcg10.toFixed(3)}, recall@100 ${reference.recall100.toFixed(3)}${published.bm25 === undefined ? '' : `; published (reference.json): nDCG@10 ${published.bm25.ndcg10}, recall@100 ${published.bm25.recall100}`}`,
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

/** Each query's semantic and keyword top 100 from the store, with the store's scores, by document id. */
async function rankingsOf(
  store: MemoryStore,
  byId: ReadonlyMap<string, string>,
): Promise<Map<string, { semantic: Ranking; keyword: Ranking }>> {
  const out = new Map<string, { semantic: Ranking; keyword: Ranking }>();
  for (const q of judged) {
    const list = async (mode: 'semantic' | 'keyword', pick: (h: { semanticScore: number; keywordScore: number }) => number) =>
      new Map((await store.search({ query: q.text, limit: 100, mode })).map((h) => [byId.get(h.memory.id) ?? '', pick(h)] as const));
    out.set(q._id, { semantic: await list('semantic', (h) => h.semanticScore), keyword: await list('keyword', (h) => h.keywordScore) });
  }
  return out;
}

/** A fusion configuration: a normalisation with a semantic weight, or RRF with its constant. */
type Config = { readonly family: Normalisation; readonly w: number } | { readonly family: 'rrf'; readonly k: number };
const families: readonly (Normalisation | 'rrf')[] = ['max', 'min-max', 'z-score', 'rank', 'rrf'];
const configsOf = (family: Normalisation | 'rrf'): Config[] =>
  family === 'rrf' ? [10, 30, 60, 100].map((k) => ({ family, k })) : Array.from({ length: 11 }, (_, i) => ({ family, w: i / 10 }));
const describe = (c: Config): string => (c.family === 'rrf' ? `rrf k=${c.k}` : `${c.family} ${c.w.toFixed(1)}/${(1 - c.w).toFixed(1)}`);

/**
 * Tunes each family on the tuning half, then scores its choice once on the held-out half;
 * keyword-only and semantic-only are scored on the same half. Returns how many configurations were tried.
 */
function tuneFamilies(name: string, lists: ReadonlyMap<string, { semantic: Ranking; keyword: Ranking }>): number {
  const run = (c: Config, qs: readonly Query[]): Scores =>
    score(
      qs.map((q) => {
        const l = lists.get(q._id) ?? { semantic: new Map(), keyword: new Map() };
        return [
          q,
          c.family === 'rrf' ? rrfRankings(l.semantic, l.keyword, c.k, 100) : fuseRankings(l.semantic, l.keyword, c.family, c.w, 100),
        ] as const;
      }),
    );
  let tried = 0;
  for (const family of families) {
    let best: { config: Config; ndcg10: number } | undefined;
    for (const config of configsOf(family)) {
      tried++;
      const { ndcg10 } = run(config, tune);
      if (best === undefined || ndcg10 > best.ndcg10) best = { config, ndcg10 };
    }
    const chosen = best?.config as Config;
    const half = run(chosen, test);
    rows.push({ embedder: name, run: `family ${family}: ${describe(chosen)} (tuned)`, all: run(chosen, judged), half });
    report.add({
      case: `fusion ${describe(chosen)} (tuned on the tuning half) [${name}], held-out half (${test.length})`,
      metric: 'nDCG@10',
      unit: 'ratio',
      value: half.ndcg10,
    });
  }
  return tried;
}

async function benchEmbedder(name: string, provider: ModelProvider): Promise<void> {
  const { store, byId } = await index(name, provider);
  const runs: ReadonlyArray<readonly [string, SearchOptions]> = [
    ['keyword (FTS5 BM25)', { mode: 'keyword' }],
    [`semantic (${name})`, { mode: 'semantic' }],
    ['hybrid 0.6/0.4 (store default)', { mode: 'hybrid' }],
  ];
  for (const [run, opts] of runs) {
    if (run.startsWith('keyword') && rows.some((r) => r.run.startsWith('keyword'))) continue; // the same for every embedder
    const all = await evaluate(store, byId, judged, opts);
    const half = await evaluate(store, byId, test, opts);
    rows.push({ embedder: name, run, all, half });
    const label = run.startsWith('keyword') ? run : `${run} [${name}]`;
    const vsReference = { case: `${label}, all ${judged.length} queries`, unit: 'ratio', baseline: 'reference BM25 (the harness)' };
    report.add({ ...vsReference, metric: 'nDCG@10', value: all.ndcg10, baselineValue: reference.ndcg10 });
    report.add({ case: `${label}, held-out half (${test.length})`, metric: 'nDCG@10', unit: 'ratio', value: half.ndcg10 });
    report.add({ ...vsReference, metric: 'recall@100', value: all.recall100, baselineValue: reference.recall100 });
  }
  const tried = tuneFamilies(name, await rankingsOf(store, byId));
  notes.push(
    `${name}: ${tried} fusion configurations tried on the tuning half (${families.length} families), each family's choice evaluated once on the held-out half`,
  );
  await store.close();
}

/** The harness check against the reference BM25, and the hybrid aim on the held-out half per embedder. */
function summaryNotes(): void {
  const keyword = rows.find((r) => r.run.startsWith('keyword'));
  if (keyword !== undefined) {
    const gap = keyword.all.ndcg10 / reference.ndcg10 - 1;
    notes.push(
      `harness check: keyword nDCG@10 ${keyword.all.ndcg10.toFixed(3)} is ${(gap * 100).toFixed(1)}% from the harness's reference ${reference.ndcg10.toFixed(3)} — ${Math.abs(gap) <= 0.03 ? 'within' : 'OUTSIDE'} the 3% the check allows`,
    );
  }
  for (const name of new Set(rows.filter((r) => r.run.startsWith('family')).map((r) => r.embedder))) {
    const fused = rows.filter((r) => r.embedder === name && r.run.startsWith('family'));
    const best = fused.reduce((a, b) => (b.half.ndcg10 > a.half.ndcg10 ? b : a));
    const semantic = rows.find((r) => r.embedder === name && r.run.startsWith('semantic'))?.half.ndcg10 ?? 0;
    const single = Math.max(keyword?.half.ndcg10 ?? 0, semantic);
    notes.push(
      `aim [${name}] (held-out half): best family ${best.run.replace(/^family /, '')} ${best.half.ndcg10.toFixed(3)} vs best single mode ${single.toFixed(3)} = ${((best.half.ndcg10 / single - 1) * 100).toFixed(1)}% (aim +10%); per family: ${fused.map((r) => `${r.run.replace(/^family /, '')} ${r.half.ndcg10.toFixed(3)}`).join('; ')}`,
    );
  }
  notes.push(`load average (1 min) ${(loadavg()[0] ?? 0).toFixed(1)}`);
}

const scratch = mkdtempSync(join(tmpdir(), 'relevance-bench-'));
try {
  for (const [name, provider] of await embedders(scratch)) await benchEmbedder(name, provider);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (published.bm25 !== undefined)
  report.add({
    case: `reference BM25 (the harness), all ${judged.length} queries`,
    metric: 'nDCG@10',
    unit: 'ratio',
    value: reference.ndcg10,
    baseline: `published (reference.json${published.bm25.source === undefined ? '' : `: ${published.bm25.source}`})`,
    baselineValue: published.bm25.ndcg10,
  });
summaryNotes();
report.print(notes);
