// 1,000 concurrent stores over REST (issue 5): `POST /memories` against a real runtime (kernel +
// policy router + local hashing embedder + memory plugin on embedded SQLite + HTTP plugin on
// 127.0.0.1), side by side with the same 1,000 stores through the in-process typed API
// (`memory.store` concurrently, and `storeMany` in batches of 100), each in a fresh folder.
// Every store must answer 2xx with a vector (not degraded) and read back by id with the same text,
// or the bench exits non-zero. The server runs in a child process, as a REST client would see it.
// Run after `tsc -b`: node bench/memory/rest.bench.ts   (STORES=1000, WARMUP=1000, ROUNDS=2 by default)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { createReport, percentile, type Report, sized } from '../lib/measure.ts';
import { type MemoryRuntimeOptions, startMemoryRuntime } from './restRuntime.ts';

const N = Number(process.env['STORES'] ?? sized(1000, 20));
// The warm-up fires as many stores at once as the burst, so the burst runs on kept-alive
// connections, as a pool of clients would. With a 100-store warm-up, the burst opened 900
// connections and measured the load generator: fetch spent ~1.5 ms of CPU per request opening
// them (against ~0.2 ms on a kept one), capping the figure near 660 stores/s on 2 cores shared
// with the server. WARMUP=100 measures that case.
const WARMUP = Number(process.env['WARMUP'] ?? sized(1000, 20));
// One round in a smoke run: it starts a server child per REST case and round.
const ROUNDS = Number(process.env['ROUNDS'] ?? sized(2, 1));
// The REST API's largest batch, used for the storeMany comparison too (a smoke run takes several
// small batches, a partial last one included, so the batch bookkeeping still runs).
const BATCH = sized(100, 8);
const loadBefore = loadavg();

// Seeded, realistic short notes (what an agent stores): people, projects, dates, systems, numbers.
function makeTexts(count: number, seed: number): string[] {
  const rnd = (): number => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const pick = (list: readonly string[]): string => list[Math.floor(rnd() * list.length)] ?? '';
  const num = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const names = ['Dana', 'Priya', 'Marco', 'Lena', 'Tomás', 'Aiko', 'Sam', 'Noor', 'Jonas', 'Chloé', 'Ravi', 'Ines'];
  const projects = ['billing', 'search', 'onboarding', 'mobile app', 'data warehouse', 'support portal', 'checkout', 'analytics'];
  const systems = ['api-gateway', 'postgres primary', 'redis cache', 'ingest worker', 'auth service', 'CDN', 'build runner'];
  const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'next week', 'end of month'];
  const vendors = ['Acme Corp', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark Industries'];
  const likes = ['oat milk', 'window seats', 'morning meetings', 'written summaries', 'dark mode', 'short standups'];
  const templates = [
    () => `Met with ${pick(names)} about the ${pick(projects)} roadmap; follow up on open questions by ${pick(days)}.`,
    () => `${pick(names)} prefers ${pick(likes)} and asked to be cc'd on ${pick(projects)} updates.`,
    () => `The ${pick(systems)} deploy key rotates every ${num(30, 120)} days; next rotation ${pick(days)}.`,
    () => `Invoice ${num(1000, 9999)} from ${pick(vendors)} for ${num(2, 90) * 100} EUR is due ${pick(days)}.`,
    () => `Incident ${num(100, 999)}: ${pick(systems)} p99 latency rose to ${num(200, 2000)} ms after the ${pick(projects)} release.`,
    () =>
      `Reminder: ${pick(names)}'s ${pick(['demo', 'review', 'interview', 'offsite', '1:1'])} is on ${pick(days)} at ${num(8, 17)}:${pick(['00', '15', '30', '45'])}.`,
    () => `Decision: the ${pick(projects)} team moves its ${pick(systems)} traffic to the new cluster in ${num(1, 6)} sprints.`,
    () => `${pick(vendors)} support contact is ${pick(names)}; ticket ${num(10000, 99999)} is still open.`,
  ];
  return Array.from({ length: count }, () => (templates[Math.floor(rnd() * templates.length)] ?? (() => ''))());
}
const texts = makeTexts(N, 20_261_122);
const warmTexts = makeTexts(WARMUP, 7);
const meanChars = texts.reduce((s, t) => s + t.length, 0) / N;

/** A memory as the checks read it, whether from a JSON body or the typed API. */
interface MemoryLike {
  readonly id: string;
  readonly text?: string | undefined;
}
/** A store's answer: the memory, and why it has no vector when it has none. */
interface Written {
  readonly memory?: MemoryLike | undefined;
  readonly degraded?: { readonly reason: string } | undefined;
}
/** A JSON body of the REST API: a store's answer, a memory (GET /memories/:id), or stats. */
type Answer = Written & Partial<MemoryLike> & { readonly total?: number };
/** One HTTP exchange with its JSON body. */
interface Exchange {
  readonly status: number;
  readonly body: Answer | undefined;
}
/** A call in a burst that threw (network errors included). */
interface Failed {
  readonly error: unknown;
}
type Outcome = Failed | Exchange | Written;

const isFailed = (r: object): r is Failed => 'error' in r;
const isExchange = (r: Outcome): r is Exchange => 'status' in r;
const errorText = (error: unknown): string => (error as { message?: string } | undefined)?.message ?? String(error);
const errorCode = (error: unknown): string => (error as { cause?: { code?: string } } | undefined)?.cause?.code ?? '';

const problems: string[] = [];
const fail = (message: string): void => {
  problems.push(message);
};
const ms = (start: number): number => performance.now() - start;
const cpuMicros = (usage: NodeJS.CpuUsage): number => usage.user + usage.system;

/** What a burst measured: wall time, per-call latency (ms, sorted) and each call's result. */
interface Burst<T> {
  readonly wallMs: number;
  readonly latencies: Float64Array;
  readonly results: (T | Failed)[];
}

/** Runs `call(i)` for i in 0..n-1 all at once; per-call latency (ms), results and the wall time. */
async function burst<T>(n: number, call: (i: number) => Promise<T>): Promise<Burst<T>> {
  const latencies = new Float64Array(n);
  const start = performance.now();
  const results = await Promise.all(
    Array.from({ length: n }, async (_, i): Promise<T | Failed> => {
      const begin = performance.now();
      try {
        return await call(i);
      } catch (error) {
        return { error };
      } finally {
        latencies[i] = performance.now() - begin;
      }
    }),
  );
  return { wallMs: ms(start), latencies: latencies.sort(), results };
}

// The load generator: undici's `request` on an agent of its own (one keep-alive connection per
// request in flight, no cap), not `fetch` over the same library. fetch's WHATWG layers cost the
// client ~476 µs of CPU per store against ~100 µs here, and client and server share this machine's
// cores: with fetch, the client alone capped the figure near 2,100 stores/s (measured 2026-12-07).
const client = new Agent({ connections: null });

/** One HTTP exchange with the JSON body read. */
async function send(method: string, url: string, body?: unknown): Promise<Exchange> {
  const response = await request(url, {
    method: method as 'GET' | 'POST',
    dispatcher: client,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text === '' ? undefined : (JSON.parse(text) as Answer) };
}

function checkStored(label: string, results: readonly Outcome[], inputTexts: readonly string[]): (string | undefined)[] {
  const ids = new Set<string>();
  for (const [i, r] of results.entries()) {
    if (isFailed(r)) {
      fail(`${label} #${i}: ${errorCode(r.error)} ${errorText(r.error)}`);
      continue;
    }
    if (isExchange(r) && (r.status < 200 || r.status > 299)) {
      fail(`${label} #${i}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      continue;
    }
    const result: Written = isExchange(r) ? (r.body ?? {}) : r;
    if (result.degraded !== undefined) fail(`${label} #${i}: stored without a vector (degraded: ${result.degraded.reason})`);
    if (result.memory === undefined || result.memory.text !== inputTexts[i]) {
      fail(`${label} #${i}: answered text ${JSON.stringify(result.memory?.text)}, sent ${JSON.stringify(inputTexts[i])}`);
      continue;
    }
    ids.add(result.memory.id);
  }
  if (ids.size !== inputTexts.length) fail(`${label}: ${ids.size} distinct ids for ${inputTexts.length} stores`);
  return results.map((r) => (isFailed(r) ? undefined : (isExchange(r) ? r.body : r)?.memory?.id));
}

function checkReadBack(label: string, results: readonly Outcome[], inputTexts: readonly string[]): void {
  for (const [i, r] of results.entries()) {
    if (isFailed(r)) {
      fail(`${label} read-back #${i}: ${errorText(r.error)}`);
      continue;
    }
    if (isExchange(r) && r.status !== 200) {
      fail(`${label} read-back #${i}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      continue;
    }
    const memory = isExchange(r) ? r.body : r.memory;
    if (memory?.text !== inputTexts[i])
      fail(`${label} read-back #${i}: got ${JSON.stringify(memory?.text)}, stored ${JSON.stringify(inputTexts[i])}`);
  }
}

const dirs: string[] = [];
const freshDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'memory-rest-bench-'));
  dirs.push(dir);
  return dir;
};
let child: ChildProcess | undefined;

/** One case's run: the stores and reads it timed, and for the REST and typed cases CPU and errors. */
interface Run {
  readonly store: Burst<unknown>;
  readonly read?: Burst<unknown>;
  readonly cpu?: number;
  /** REST: server CPU from the burst's start until the HNSW graph had taken over every vector. */
  readonly cpuSettled?: number;
  /** REST: how long after the last answer the HNSW graph took to catch up. */
  readonly catchUpMs?: number;
  /** REST: the client's (this process's) CPU during the burst, in µs. */
  readonly clientCpu?: number;
  readonly errors?: number;
}

// 1. REST: the runtime in a child process; the client is undici's `request` (see `client`), which
// opens a keep-alive connection per in-flight request (no cap).
async function runRest(label: string, options?: Pick<MemoryRuntimeOptions, 'groupCommit' | 'indexCatchUp'>): Promise<Run> {
  const args = [join(import.meta.dirname, 'restServer.ts'), freshDir(), ...(options === undefined ? [] : [JSON.stringify(options)])];
  const server = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  child = server;
  const base = String((await once(server.stdout as Readable, 'data'))[0]).trim();
  const serverCpu = async (): Promise<number> => {
    server.send('cpu');
    return cpuMicros((await once(server, 'message'))[0] as NodeJS.CpuUsage);
  };
  const post = (text: string): Promise<Exchange> => send('POST', `${base}/memories`, { text });
  checkStored(`${label} warm-up`, (await burst(WARMUP, (i) => post(warmTexts[i] ?? ''))).results, warmTexts);
  const cpuBefore = await serverCpu();
  const clientBefore = process.cpuUsage();
  const store = await burst(N, (i) => post(texts[i] ?? ''));
  const clientCpu = cpuMicros(process.cpuUsage(clientBefore));
  const cpu = (await serverCpu()) - cpuBefore;
  server.send('settle');
  const settled = (await once(server, 'message'))[0] as { cpu: NodeJS.CpuUsage; waitedMs: number };
  const ids = checkStored(`${label} POST /memories`, store.results, texts);
  const read = await burst(N, (i) => {
    const id = ids[i];
    return id === undefined ? Promise.reject(new Error('not stored')) : send('GET', `${base}/memories/${id}`);
  });
  checkReadBack(`${label} GET /memories/:id`, read.results, texts);
  const stats = await send('GET', `${base}/memories/stats`);
  if (stats.body?.total !== N + WARMUP) fail(`${label}: stats total ${stats.body?.total}, expected ${N + WARMUP}`);
  server.send('stop');
  await once(server, 'exit');
  child = undefined;
  const errors = store.results.filter((r) => isFailed(r) || r.status < 200 || r.status > 299).length;
  return { store, read, cpu, cpuSettled: cpuMicros(settled.cpu) - cpuBefore, catchUpMs: settled.waitedMs, clientCpu, errors };
}

// 2. In-process typed API, same plugins and store kind, fresh folder: memory.store ×N at once.
async function runTyped(label: string): Promise<Run> {
  const { kernel, memory } = await startMemoryRuntime({ dataDir: freshDir(), http: false });
  try {
    checkStored(`${label} warm-up`, (await burst(WARMUP, (i) => memory.store({ text: warmTexts[i] ?? '' }))).results, warmTexts);
    const cpuBefore = process.cpuUsage();
    const store = await burst(N, (i) => memory.store({ text: texts[i] ?? '' }));
    const cpu = cpuMicros(process.cpuUsage(cpuBefore));
    const ids = checkStored(label, store.results, texts);
    const read = await burst(N, async (i) => {
      const id = ids[i];
      return { memory: id === undefined ? undefined : await memory.get(id) };
    });
    checkReadBack(label, read.results, texts);
    return { store, read, cpu, errors: store.results.filter(isFailed).length };
  } finally {
    await kernel.stop();
  }
}

// 3. In-process storeMany, batches of BATCH (the REST batch limit), all batches at once.
async function runMany(label: string): Promise<Run> {
  const { kernel, memory } = await startMemoryRuntime({ dataDir: freshDir(), http: false });
  try {
    await memory.storeMany(warmTexts.map((text) => ({ text })));
    const store = await burst(Math.ceil(N / BATCH), (b) =>
      memory.storeMany(texts.slice(b * BATCH, (b + 1) * BATCH).map((text) => ({ text }))),
    );
    const flat = store.results.flatMap((r, b): Outcome[] =>
      isFailed(r)
        ? texts.slice(b * BATCH, (b + 1) * BATCH).map(() => ({ error: r.error }))
        : r.memories.map((m) => ({ memory: m, ...(r.degraded === undefined ? {} : { degraded: r.degraded }) })),
    );
    const ids = checkStored(label, flat, texts);
    const read = await Promise.all(ids.map(async (id) => ({ memory: id === undefined ? undefined : await memory.get(id) })));
    checkReadBack(label, read, texts);
    return { store };
  } finally {
    await kernel.stop();
  }
}

// 4. The floor: plain better-sqlite3 (the driver the store uses, taken from the memory package so the
// bench adds no dependency), one INSERT per store in its own transaction, WAL + synchronous FULL as
// the store's default — what a user writing rows by hand would get, with no embedding, no index.
type PlainDatabase = {
  pragma(sql: string): unknown;
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): { text: string } | undefined };
  close(): void;
};
const openPlain = createRequire(join(import.meta.dirname, '..', '..', 'packages', 'plugin-memory', 'package.json'))(
  'better-sqlite3',
) as new (
  file: string,
) => PlainDatabase;
async function runPlain(label: string): Promise<Run> {
  const db = new openPlain(join(freshDir(), 'plain.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE memories (id TEXT PRIMARY KEY, text TEXT NOT NULL, created_at INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO memories (id, text, created_at) VALUES (?, ?, ?)');
    const select = db.prepare('SELECT text FROM memories WHERE id = ?');
    const put = async (text: string): Promise<Written> => {
      const id = randomUUID();
      insert.run(id, text, Date.now());
      return { memory: { id, text } };
    };
    await burst(WARMUP, (i) => put(warmTexts[i] ?? ''));
    const store = await burst(N, (i) => put(texts[i] ?? ''));
    const ids = store.results.map((r) => (isFailed(r) ? undefined : r.memory?.id));
    const read = await burst(N, async (i) => ({ memory: { id: ids[i] ?? '', text: select.get(ids[i])?.text } }));
    checkReadBack(label, read.results, texts);
    return { store, read };
  } finally {
    db.close();
  }
}

type CaseName = 'rest' | 'restSingle' | 'restTurn' | 'restDelay' | 'restInline' | 'restDelayInline' | 'typed' | 'many' | 'plain';
const ALL_CASES: readonly CaseName[] = [
  'rest',
  'restSingle',
  'restTurn',
  'restDelay',
  'restInline',
  'restDelayInline',
  'typed',
  'many',
  'plain',
];
// CASES=rest,restInline,plain runs only those (the figures of the others are not printed).
const CASES: readonly CaseName[] =
  process.env['CASES'] === undefined ? ALL_CASES : ALL_CASES.filter((c) => (process.env['CASES'] as string).split(',').includes(c));
/** The fixed commit delay of the `restDelay` case, in ms. */
const DELAY_MS = Number(process.env['DELAY_MS'] ?? 2);

// Rounds alternate the order (REST first, then last), so background load on a shared machine
// hits every case alike; each round uses fresh folders. Figures are means over the rounds.
async function runRounds(): Promise<Record<CaseName, Run[]>> {
  const cases: Record<CaseName, (label: string) => Promise<Run>> = {
    rest: (label) => runRest(label),
    restSingle: (label) => runRest(label, { groupCommit: false }),
    restTurn: (label) => runRest(label, { groupCommit: { windowMs: 0 } }),
    restDelay: (label) => runRest(label, { groupCommit: { delayMs: DELAY_MS } }),
    restInline: (label) => runRest(label, { indexCatchUp: false }),
    restDelayInline: (label) => runRest(label, { groupCommit: { delayMs: DELAY_MS }, indexCatchUp: false }),
    typed: runTyped,
    many: runMany,
    plain: runPlain,
  };
  const runs: Record<CaseName, Run[]> = {
    rest: [],
    restSingle: [],
    restTurn: [],
    restDelay: [],
    restInline: [],
    restDelayInline: [],
    typed: [],
    many: [],
    plain: [],
  };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const all = CASES;
      const order = round % 2 === 0 ? all : [...all].reverse();
      for (const name of order) {
        runs[name].push(await cases[name](`round ${round + 1} ${name}`));
        for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    if (child !== undefined) {
      child.kill();
      await once(child, 'exit');
    }
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}

function exitOnProblems(): void {
  if (problems.length === 0) return;
  console.error(`memory-rest: ${problems.length} problem(s):`);
  for (const p of problems.slice(0, 20)) console.error(`  ${p}`);
  if (problems.length > 20) console.error(`  … and ${problems.length - 20} more`);
  process.exit(1);
}

/** The rows comparing HNSW inserts off the write path (the default) with inserts before answering; returns that baseline's name. */
function addCatchUpRows(report: Report, mean: (name: CaseName, pick: (run: Run) => number) => number, c: string, delayed: string): string {
  const rate = (name: CaseName): number => mean(name, (r) => N / (r.store.wallMs / 1000));
  const inline =
    'the same REST stores, each commit adding its vectors to the HNSW graph before answering (indexCatchUp: false, the previous default)';
  report.add({ case: c, metric: 'throughput', unit: 'stores/s', value: rate('rest'), baseline: inline, baselineValue: rate('restInline') });
  report.add({
    case: delayed,
    metric: 'throughput',
    unit: 'stores/s',
    value: rate('restDelay'),
    baseline: `${inline}, every commit delayed ${DELAY_MS} ms`,
    baselineValue: rate('restDelayInline'),
  });
  report.add({
    case: delayed,
    metric: 'throughput',
    unit: 'stores/s',
    value: rate('restDelay'),
    baseline: `plain better-sqlite3 INSERT ×${N} (one transaction each, WAL, synchronous FULL)`,
    baselineValue: rate('plain'),
  });
  report.add({
    case: c,
    metric: 'CPU per store until the HNSW graph caught up (server process)',
    unit: 'µs',
    value: mean('rest', (r) => (r.cpuSettled ?? 0) / N),
    baseline: inline,
    baselineValue: mean('restInline', (r) => (r.cpuSettled ?? 0) / N),
  });
  report.add({
    case: c,
    metric: 'HNSW catch-up after the last answer',
    unit: 'ms',
    value: mean('rest', (r) => r.catchUpMs ?? 0),
    baseline: inline,
    baselineValue: mean('restInline', (r) => r.catchUpMs ?? 0),
  });
  report.add({
    case: delayed,
    metric: 'CPU per store (server process)',
    unit: 'µs',
    value: mean('restDelay', (r) => (r.cpu ?? 0) / N),
    baseline: `${inline}, every commit delayed ${DELAY_MS} ms`,
    baselineValue: mean('restDelayInline', (r) => (r.cpu ?? 0) / N),
  });
  return inline;
}

/** Server and client CPU per REST store, and the errors, against the in-process stores. */
function addCpuAndErrorRows(
  report: Report,
  mean: (name: CaseName, pick: (run: Run) => number) => number,
  c: string,
  typedName: string,
): void {
  report.add({
    case: c,
    metric: 'CPU per store (server process)',
    unit: 'µs',
    value: mean('rest', (r) => (r.cpu ?? 0) / N),
    baseline: `${typedName} (whole process)`,
    baselineValue: mean('typed', (r) => (r.cpu ?? 0) / N),
  });
  report.add({
    case: c,
    metric: 'CPU per store (client: undici request, this process)',
    unit: 'µs',
    value: mean('rest', (r) => (r.clientCpu ?? 0) / N),
    baseline: 'CPU per store (server process)',
    baselineValue: mean('rest', (r) => (r.cpu ?? 0) / N),
  });
  report.add({
    case: c,
    metric: 'errors (all rounds)',
    unit: 'count',
    value: mean('rest', (r) => r.errors ?? 0) * ROUNDS,
    baseline: typedName,
    baselineValue: mean('typed', (r) => r.errors ?? 0) * ROUNDS,
  });
}

/** The bench's report, leaving out the rows of cases CASES left out (NaN means). */
function createCasesReport(): Report {
  const full = createReport('memory-rest');
  return {
    add: (row) => {
      if (Number.isFinite(row.value) && (row.baselineValue == null || Number.isFinite(row.baselineValue))) full.add(row);
    },
    print: (lines) => full.print(lines),
  };
}

function reportFigures(runs: Record<CaseName, Run[]>): void {
  // A case left out by CASES has no runs: NaN, and its rows are not printed.
  const mean = (name: CaseName, pick: (run: Run) => number): number =>
    runs[name].length === 0 ? Number.NaN : runs[name].reduce((sum, run) => sum + pick(run), 0) / runs[name].length;
  const wall = (name: CaseName): number => mean(name, (r) => r.store.wallMs);
  const rate = (name: CaseName): number => mean(name, (r) => N / (r.store.wallMs / 1000));
  const readOf = (r: Run): Burst<unknown> => r.read ?? r.store;
  const report = createCasesReport();
  const c = `${N.toLocaleString('en')} concurrent stores: POST /memories`;
  const typedName = `in-process memory.store ×${N} concurrent`;
  const readCase = `${N.toLocaleString('en')} concurrent reads: GET /memories/:id`;
  const readName = `in-process memory.get ×${N} concurrent`;
  report.add({ case: c, metric: 'wall time', unit: 'ms', value: wall('rest'), baseline: typedName, baselineValue: wall('typed') });
  report.add({ case: c, metric: 'throughput', unit: 'stores/s', value: rate('rest'), baseline: typedName, baselineValue: rate('typed') });
  report.add({
    case: c,
    metric: 'throughput',
    unit: 'stores/s',
    value: rate('rest'),
    baseline: `in-process storeMany ×${Math.ceil(N / BATCH)} batches of ${BATCH} concurrent`,
    baselineValue: rate('many'),
  });
  report.add({
    case: c,
    metric: 'throughput',
    unit: 'stores/s',
    value: rate('rest'),
    baseline: `plain better-sqlite3 INSERT ×${N} (one transaction each, WAL, synchronous FULL)`,
    baselineValue: rate('plain'),
  });
  const single = 'the same REST stores, each committed alone (groupCommit: false)';
  const turn = 'the same REST stores, group commit of one event-loop turn only (windowMs: 0, the previous default)';
  report.add({ case: c, metric: 'throughput', unit: 'stores/s', value: rate('rest'), baseline: single, baselineValue: rate('restSingle') });
  report.add({ case: c, metric: 'throughput', unit: 'stores/s', value: rate('rest'), baseline: turn, baselineValue: rate('restTurn') });
  const delayed = `${c}, every commit delayed ${DELAY_MS} ms (groupCommit.delayMs)`;
  report.add({
    case: delayed,
    metric: 'throughput',
    unit: 'stores/s',
    value: rate('restDelay'),
    baseline: single,
    baselineValue: rate('restSingle'),
  });
  report.add({
    case: delayed,
    metric: 'p99',
    unit: 'ms',
    value: mean('restDelay', (r) => percentile(r.store.latencies, 99)),
    baseline: single,
    baselineValue: mean('restSingle', (r) => percentile(r.store.latencies, 99)),
  });
  const inline = addCatchUpRows(report, mean, c, delayed);
  for (const [name, baseline] of [
    ['restInline', inline],
    ['restSingle', single],
    ['restTurn', turn],
  ] as const)
    report.add({
      case: c,
      metric: 'p99',
      unit: 'ms',
      value: mean('rest', (r) => percentile(r.store.latencies, 99)),
      baseline,
      baselineValue: mean(name, (r) => percentile(r.store.latencies, 99)),
    });
  for (const p of [50, 95, 99])
    report.add({
      case: c,
      metric: `p${p}`,
      unit: 'ms',
      value: mean('rest', (r) => percentile(r.store.latencies, p)),
      baseline: typedName,
      baselineValue: mean('typed', (r) => percentile(r.store.latencies, p)),
    });
  addCpuAndErrorRows(report, mean, c, typedName);
  report.add({
    case: readCase,
    metric: 'wall time',
    unit: 'ms',
    value: mean('rest', (r) => readOf(r).wallMs),
    baseline: readName,
    baselineValue: mean('typed', (r) => readOf(r).wallMs),
  });
  report.add({
    case: readCase,
    metric: 'p99',
    unit: 'ms',
    value: mean('rest', (r) => percentile(readOf(r).latencies, 99)),
    baseline: readName,
    baselineValue: mean('typed', (r) => percentile(readOf(r).latencies, 99)),
  });
  report.print(notes());
}

function notes(): string[] {
  return [
    `${N} seeded short notes (mean ${meanChars.toFixed(0)} chars), each store fired at once after a ${WARMUP}-store warm-up; ${ROUNDS} rounds in alternating order, fresh folders each, means shown; in every round all ${N} answered 2xx with a vector and read back by id with the same text (else exit 1)`,
    'runtime: kernel + routerPlugin + local hashing embedder (384-d) + memory plugin (embedded SQLite, defaults: HNSW, synchronous full) + http plugin (defaults: metrics and tracing on) on 127.0.0.1 in a child process',
    `client: undici 7 \`request\` (not fetch), an agent with one keep-alive connection per in-flight request, no cap (${WARMUP >= N ? `all ${N} opened by the warm-up` : `those beyond the warm-up's ${WARMUP} are opened during the burst`}), on the same ${availableParallelism()} cores as the server; latency = request sent → body read, so it includes queueing behind the other ${N - 1}`,
    `baselines: the same plugins without HTTP in this process, each in a fresh folder; CPU per store: REST = server process only, in-process = the whole process`,
    `load average (1/5/15 min) before ${loadBefore.map((l) => l.toFixed(2)).join(' ')}, after ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores — a shared machine: latencies are inflated by the load`,
  ];
}

const runs = await runRounds();
exitOnProblems();
reportFigures(runs);
await client.close();
