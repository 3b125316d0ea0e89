// Filtered search (issue 13, ADR 0034): a search scoped by a tag (an agent's, a user's, a
// thread's memories) among many, with the strategy chosen by the scope's estimated size — the
// scope's rows listed from the tag index and scanned exactly when few, ANN over-fetched by the
// scope's share and filtered when many — side by side, in the same run and on the same data
// folder, with the strategy before it: count the scope by parsing every row's tags
// (`json_each`), scan it exactly up to 5,000 rows, else ANN growing ×4 until enough pass; keyword
// candidates by one FTS5 query over every match of the store, filtered by `json_each`.
//
// The previous strategy is reproduced here from its SQL (a read-only connection to the same file,
// the same saved HNSW graph loaded through usearch), and only its candidate stage is timed — the
// 50 semantic (and, for hybrid, 50 keyword) candidates the engine asks for — while the new
// strategy is timed end to end through `store.search` (query embedding, candidates, fusion,
// rows): the baseline is a lower bound of the old search, so each ratio favours the old side.
// Queries alternate between the two sides so the machine's load falls on both alike. recall@10
// of the new filtered semantic search is against an exact top 10 over the scope, computed here.
//
// Run after `tsc -b`: node bench/memory/filtered.bench.ts [N=50000]   (~2-4 min at 50k here)
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EmbedInput, EmbedResult } from '@cortex-os/kernel/router';
import { createSqliteMemoryStore, type MemorySearchMode, type MemoryStore } from '@cortex-os/plugin-memory';
import { createReport, percentile, sized } from '../lib/measure.ts';

const N = Number(process.argv[2] ?? sized(50_000, 600));
const D = 384;
const Q = sized(60, 6);
const K = 10;
/** The engine asks each signal for max(4·limit, 50) candidates. */
const POOL = Math.max(4 * K, 50);
/** The previous strategy's exact-scan threshold (and the new one's default). */
const EXACT_BELOW = 5_000;
const report = createReport('memory-filtered');
const loadBefore = loadavg()[0] ?? 0;

/** The scopes: a tag on every `every`-th memory (offset so scopes overlap unevenly). */
const scopes = [
  { tag: 'thread:t1', every: 500 },
  { tag: 'agent:small', every: 100 },
  { tag: 'user:u1', every: 20 },
  { tag: 'agent:mid', every: 8 },
  { tag: 'user:big', every: 3 },
].map((s) => ({ ...s, size: Math.ceil(N / s.every) }));

let seed = 4242;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(rnd() || 1e-12)) * Math.cos(2 * Math.PI * rnd());
function unit(v: Float32Array): Float32Array {
  const n = Math.hypot(...v);
  for (let i = 0; i < v.length; i++) v[i] = (v[i] ?? 0) / n;
  return v;
}
const words = 'deploy key rotate invoice budget backup incident release meeting hiring network design customer plan review'.split(' ');

interface DataSet {
  readonly texts: string[];
  readonly tags: string[][];
  readonly vecs: Float32Array[];
  readonly embed: (inputs: readonly EmbedInput[]) => Promise<EmbedResult>;
  readonly byText: Map<string, Float32Array>;
}

/** N memories in clusters (384-d unit vectors near ~N/500 centres), each with its scopes' tags. */
function generate(): DataSet {
  const centres = Array.from({ length: Math.max(20, Math.round(N / 500)) }, () => unit(Float32Array.from({ length: D }, gauss)));
  const byText = new Map<string, Float32Array>();
  const texts: string[] = [];
  const tags: string[][] = [];
  const vecs: Float32Array[] = [];
  for (let i = 0; i < N; i++) {
    const centre = centres[i % centres.length] as Float32Array;
    const v = unit(Float32Array.from(centre, (c) => c + 0.08 * gauss()));
    const text = `note ${i}: ${Array.from({ length: 8 }, () => words[Math.floor(rnd() * words.length)]).join(' ')}`;
    byText.set(text, v);
    texts.push(text);
    vecs.push(v);
    tags.push(scopes.filter((s, j) => (i + j) % s.every === 0).map((s) => s.tag));
  }
  const embed = async (inputs: readonly EmbedInput[]): Promise<EmbedResult> => ({
    model: 'bench-synthetic-384',
    dimensions: D,
    vectors: inputs.map((t) => (typeof t === 'string' ? byText.get(t) : undefined) ?? new Float32Array(D).fill(1 / Math.sqrt(D))),
  });
  return { texts, tags, vecs, embed, byText };
}

/** The part of usearch the previous strategy used. */
interface Usearch {
  Index: new (
    config: Record<string, unknown>,
  ) => {
    load(path: string): void;
    size(): number;
    search(v: Float32Array, k: number, threads: number): { keys: BigUint64Array; distances: Float32Array };
  };
}

/** The previous strategy's candidate stage, from its SQL, over a read-only connection and the saved graph. */
function previousStrategy(dir: string) {
  const db = new Database(join(dir, 'memories.sqlite'), { readonly: true });
  const { Index } = createRequire(import.meta.url)('usearch') as Usearch;
  const index = new Index({
    dimensions: D,
    metric: 'cos',
    quantization: 'f32',
    connectivity: 16,
    expansion_add: 128,
    expansion_search: 128,
    multi: false,
  });
  index.load(join(dir, 'memories.usearch'));
  const where = '(m.expires_at IS NULL OR m.expires_at > ?) AND EXISTS (SELECT 1 FROM json_each(m.tags) WHERE value = ?)';
  const dot = (a: Float32Array, b: Float32Array): number => a.reduce((s, x, i) => s + x * (b[i] as number), 0);
  const semantic = (vector: Float32Array, tag: string): number => {
    const at = Date.now();
    const { n } = db.prepare(`SELECT count(*) AS n FROM memories m WHERE m.embedding IS NOT NULL AND ${where}`).get(at, tag) as {
      n: number;
    };
    if (n <= EXACT_BELOW) {
      const rows = db
        .prepare(`SELECT m.row AS row, m.embedding AS embedding FROM memories m WHERE m.embedding IS NOT NULL AND ${where}`)
        .all(at, tag) as {
        row: number;
        embedding: Buffer;
      }[];
      const scored = rows.map((r) => dot(vector, new Float32Array(r.embedding.buffer, r.embedding.byteOffset, D)));
      return scored.sort((a, b) => b - a).slice(0, POOL).length;
    }
    for (let fetch = Math.min(index.size(), Math.max(POOL, 16)); ; fetch = Math.min(index.size(), fetch * 4)) {
      const found = index.search(vector, fetch, 1);
      const keys = Array.from(found.keys, Number);
      const allowed = db
        .prepare(`SELECT m.row AS row FROM memories m WHERE m.row IN (${keys.map(() => '?').join(',')}) AND ${where}`)
        .all(...keys, at, tag);
      if (allowed.length >= POOL || fetch >= index.size()) return Math.min(allowed.length, POOL);
    }
  };
  const keyword = (query: string, tag: string): number => {
    const match = query
      .split(' ')
      .filter((w) => /^[a-z]+$/.test(w))
      .map((w) => `"${w}"`)
      .join(' OR ');
    const sql = `SELECT f.rowid AS row, -bm25(memories_fts) AS score FROM memories_fts f JOIN memories m ON m.row = f.rowid WHERE memories_fts MATCH ? AND ${where} ORDER BY bm25(memories_fts) LIMIT ?`;
    return db.prepare(sql).all(match, Date.now(), tag, POOL).length;
  };
  return { semantic, keyword, close: () => db.close() };
}

/** Stores every memory (batches of 1,000), closes (saving the graph the previous strategy loads), reopens. */
async function build(data: DataSet, dir: string): Promise<MemoryStore> {
  const store = await createSqliteMemoryStore({ dataDir: dir, embed: data.embed, synchronous: 'normal' });
  const t = performance.now();
  for (let i = 0; i < N; i += 1000)
    await store.storeMany(data.texts.slice(i, i + 1000).map((text, j) => ({ text, tags: data.tags[i + j] as string[] })));
  process.stderr.write(`stored ${N} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  await store.close();
  return createSqliteMemoryStore({ dataDir: dir, embed: data.embed });
}

/** Queries near random members of the scope (so the scope has close matches), with a few of their words. */
function queriesFor(data: DataSet, tag: string): string[] {
  const members = data.tags.flatMap((t, i) => (t.includes(tag) ? [i] : []));
  return Array.from({ length: Q }, (_, q) => {
    const base = members[Math.floor(rnd() * members.length)] as number;
    const text = `query ${tag} ${q} ${(data.texts[base] as string).split(' ').slice(2, 5).join(' ')}`;
    data.byText.set(text, unit(Float32Array.from(data.vecs[base] as Float32Array, (x) => x + 0.05 * gauss())));
    return text;
  });
}

/** recall@10 of the filtered semantic hits against the exact top 10 of the scope. */
function recallOf(data: DataSet, tag: string, query: string, found: readonly string[]): number {
  const v = data.byText.get(query) as Float32Array;
  const dot = (b: Float32Array): number => v.reduce((s, x, i) => s + x * (b[i] as number), 0);
  const exact = data.tags
    .flatMap((t, i) => (t.includes(tag) ? [{ i, s: dot(data.vecs[i] as Float32Array) }] : []))
    .sort((a, b) => b.s - a.s)
    .slice(0, K)
    .map((h) => data.texts[h.i]);
  return exact.filter((t) => found.includes(t as string)).length / exact.length;
}

async function timed(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** One scope: new semantic and hybrid end to end vs the previous strategy's candidate stage, alternating. */
async function measureScope(data: DataSet, store: MemoryStore, old: ReturnType<typeof previousStrategy>, scope: (typeof scopes)[number]) {
  const queries = queriesFor(data, scope.tag);
  const side = { newSemantic: [] as number[], newHybrid: [] as number[], oldSemantic: [] as number[], oldHybrid: [] as number[] };
  const recalls: number[] = [];
  const filter = { tags: [scope.tag] };
  const search = (query: string, mode: MemorySearchMode) => store.search({ query, mode, limit: K, filter });
  for (const query of [...queries.slice(0, 3), ...queries]) {
    const vector = data.byText.get(query) as Float32Array;
    const oldSemantic = await timed(() => old.semantic(vector, scope.tag));
    const newSemantic = await timed(() => search(query, 'semantic'));
    const oldKeyword = await timed(() => old.keyword(query, scope.tag));
    const newHybrid = await timed(() => search(query, 'hybrid'));
    side.oldSemantic.push(oldSemantic);
    side.newSemantic.push(newSemantic);
    side.oldHybrid.push(oldSemantic + oldKeyword);
    side.newHybrid.push(newHybrid);
    const hits = await search(query, 'semantic');
    if (hits.some((h) => !h.memory.tags.includes(scope.tag))) throw new Error(`a hit outside ${scope.tag}`);
    recalls.push(
      recallOf(
        data,
        scope.tag,
        query,
        hits.map((h) => h.memory.text),
      ),
    );
  }
  const warm = (a: number[]) => a.slice(3).sort((x, y) => x - y);
  const name = `${scope.tag} scope: ${scope.size} of ${N} memories`;
  const baseline = 'previous strategy (json_each count + scan / ×4 ANN; candidate stage only)';
  for (const [mode, ours, theirs] of [
    ['semantic', side.newSemantic, side.oldSemantic],
    ['hybrid', side.newHybrid, side.oldHybrid],
  ] as const) {
    for (const p of [50, 95] as const)
      report.add({
        case: `${name}, ${mode}`,
        metric: `p${p}`,
        unit: 'ms',
        value: percentile(warm(ours), p),
        baseline,
        baselineValue: percentile(warm(theirs), p),
      });
  }
  report.add({ case: `${name}, semantic`, metric: 'recall@10', unit: 'ratio', value: recalls.reduce((s, r) => s + r, 0) / recalls.length });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'memory-filtered-bench-'));
  try {
    const data = generate();
    const store = await build(data, dir);
    const old = previousStrategy(dir);
    try {
      for (const scope of scopes) {
        await measureScope(data, store, old, scope);
        process.stderr.write(`measured ${scope.tag}\n`);
      }
    } finally {
      old.close();
      await store.close();
    }
    report.print([
      `${N} memories (384-d synthetic clustered vectors, 8-word texts), top ${K}, ${Q} queries per scope near a member of the scope; ${availableParallelism()} cores, load ${loadBefore.toFixed(1)} before`,
      "value: the new strategy end to end (store.search); baseline: the previous strategy's candidate stage alone (its lower bound), same data folder, alternating queries",
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
