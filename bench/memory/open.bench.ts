// Opening a large memory store: with its saved keyword index (postings, document lengths, totals
// loaded from memories.postings after their checks) vs rebuilding that index from every row (what
// every open did before ADR 0028), side by side in the same run, on the same keyword-only store
// (no embedder: the vector index is measured by memory.bench.ts). Floor: opening the same SQLite
// file with plain better-sqlite3 and counting its rows.
// Run after `tsc -b`: node bench/memory/open.bench.ts [sizes=100000] [--keep DIR]
// 1M: node bench/memory/open.bench.ts 1000000 --keep /tmp/memory-open-1m (insert ~2-4 min on this
// 2-core machine, then ~1-2 min of opens; progress on stderr; a kept store is reused next time).
// Every run checks that both opens answer 20 keyword queries with the same hits and scores (exit 1 if not).

import { existsSync, mkdtempSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteMemoryStore, type MemoryStore } from '@cortex-os/plugin-memory';
import { createReport, sized } from '../lib/measure.ts';

const args = process.argv.slice(2);
const keepAt = args.indexOf('--keep');
const keep = keepAt >= 0 ? args[keepAt + 1] : undefined;
const sizes = sized(args.find((a) => /^\d[\d,]*$/.test(a)) ?? '100000', '300')
  .split(',')
  .map(Number);
const SAVED_OPENS = sized(3, 1);
/** Rebuilds are slow: one at 1M and above. */
const rebuildOpens = (n: number): number => sized(n >= 1_000_000 ? 1 : 2, 1);
const loadBefore = loadavg()[0] ?? 0;
const report = createReport('memory-open');
const started = performance.now();
const progress = (what: string): void => {
  process.stderr.write(`[memory-open] ${((performance.now() - started) / 1000).toFixed(0)} s: ${what}\n`);
};
const Database = createRequire(join(import.meta.dirname, '..', '..', 'packages', 'plugin-memory', 'package.json'))(
  'better-sqlite3',
) as new (
  file: string,
  options: { readonly: boolean },
) => { prepare(sql: string): { get(): unknown }; close(): void };

let seed = 2026;
const rnd = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};
/** A word of a 50,000-word vocabulary, with Zipf-like frequencies (density ∝ 1/rank). */
const word = (): string => `w${Math.floor(Math.exp(rnd() * Math.log(50_000))).toString(36)}`;
const common = 'the a we should check again later because it was noted next week after review'.split(' ');
/** 8–20 words: vocabulary words and common (stop) words. */
const text = (): string =>
  Array.from({ length: 8 + Math.floor(rnd() * 13) }, () => (rnd() < 0.3 ? common[Math.floor(rnd() * common.length)] : word())).join(' ');

/** This process's CPU time so far, ms (user + system): on a shared machine less inflated by the load than wall time. */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function open(dir: string): Promise<{ store: MemoryStore; ms: number; cpu: number; openedBy: string | undefined }> {
  const t = performance.now();
  const c = cpuMs();
  const store = await createSqliteMemoryStore({ dataDir: dir, indexSaveEvery: 10 ** 9 });
  const ms = performance.now() - t;
  const cpu = cpuMs() - c;
  return { store, ms, cpu, openedBy: (await store.stats()).keywordIndex?.openedBy };
}

async function populate(N: number, dir: string): Promise<void> {
  if (existsSync(join(dir, 'memories.sqlite'))) {
    const { store } = await open(dir);
    const total = (await store.stats()).total;
    await store.close();
    if (total === N) return progress(`reusing the store of ${N} memories in ${dir}`);
    throw new Error(`${dir} holds ${total} memories, not ${N}; remove it or give another --keep folder`);
  }
  const store = await createSqliteMemoryStore({ dataDir: dir, synchronous: 'normal', indexSaveEvery: 10 ** 9 });
  const t = performance.now();
  for (let i = 0; i < N; i += 1000) {
    await store.storeMany(Array.from({ length: Math.min(1000, N - i) }, () => ({ text: text() })));
    if ((i + 1000) % 100_000 === 0) progress(`inserted ${i + 1000}`);
  }
  report.add({
    case: `${N}`,
    metric: 'insert throughput (keyword-only, batches of 1000)',
    unit: 'memories/s',
    value: Math.round(N / ((performance.now() - t) / 1000)),
  });
  await store.close();
}

const queries = Array.from({ length: 20 }, () => `${word()} ${word()} ${word()}`);
async function answers(store: MemoryStore): Promise<string> {
  const out: unknown[] = [];
  for (const query of queries)
    out.push((await store.search({ query, mode: 'keyword', limit: 10 })).map((h) => [h.memory.id, h.keywordScore]));
  return JSON.stringify(out);
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] as number;

async function benchSize(N: number): Promise<void> {
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'memory-open-'));
  try {
    await populate(N, dir);
    const file = join(dir, 'memories.postings');
    if (!existsSync(file)) {
      const { store } = await open(dir);
      await store.close(); // rebuilt and saved on close
    }
    const saved: number[] = [];
    const savedCpu: number[] = [];
    let savedAnswers = '';
    for (let i = 0; i < SAVED_OPENS; i++) {
      const { store, ms, cpu, openedBy } = await open(dir);
      if (openedBy !== 'loaded') throw new Error(`expected the saved keyword index to load, got ${openedBy}`);
      saved.push(ms);
      savedCpu.push(cpu);
      if (i === 0) savedAnswers = await answers(store);
      await store.close();
      progress(`open with the saved keyword index: ${ms.toFixed(0)} ms`);
    }
    const rebuilt: number[] = [];
    const rebuiltCpu: number[] = [];
    let saveMs = 0;
    let saveCpu = 0;
    for (let i = 0; i < rebuildOpens(N); i++) {
      renameSync(file, `${file}.aside`);
      const { store, ms, cpu, openedBy } = await open(dir);
      if (openedBy !== 'rebuilt') throw new Error(`expected a rebuild, got ${openedBy}`);
      rebuilt.push(ms);
      rebuiltCpu.push(cpu);
      if (i === 0 && (await answers(store)) !== savedAnswers) {
        process.stderr.write('saved and rebuilt keyword indexes answered differently\n');
        process.exitCode = 1;
      }
      const t = performance.now();
      const c = cpuMs();
      await store.close(); // saves the rebuilt index
      saveMs = performance.now() - t;
      saveCpu = cpuMs() - c;
      rmSync(`${file}.aside`);
      progress(`open rebuilding the keyword index: ${ms.toFixed(0)} ms; close (saving it): ${saveMs.toFixed(0)} ms`);
    }
    const t = performance.now();
    const db = new Database(join(dir, 'memories.sqlite'), { readonly: true });
    db.prepare('SELECT count(*) FROM memories').get();
    db.close();
    const floor = performance.now() - t;
    const c = `${N}`;
    report.add({
      case: c,
      metric: `open with saved keyword index (median of ${saved.length})`,
      unit: 'ms',
      value: Math.round(median(saved)),
      baseline: `rebuild from rows on open (median of ${rebuilt.length})`,
      baselineValue: Math.round(median(rebuilt)),
    });
    report.add({
      case: c,
      metric: 'open with saved keyword index, CPU time (median)',
      unit: 'ms',
      value: Math.round(median(savedCpu)),
      baseline: 'rebuild from rows on open, CPU time (median)',
      baselineValue: Math.round(median(rebuiltCpu)),
    });
    report.add({ case: c, metric: 'plain better-sqlite3 open + count(*) (floor)', unit: 'ms', value: Math.round(floor) });
    report.add({ case: c, metric: 'save on close (encode + write + rename + log trim)', unit: 'ms', value: Math.round(saveMs) });
    report.add({ case: c, metric: 'save on close, CPU time', unit: 'ms', value: Math.round(saveCpu) });
    report.add({ case: c, metric: 'memories.postings size', unit: 'MB', value: Math.round(statSync(file).size / 1e5) / 10 });
  } finally {
    if (keep === undefined) rmSync(dir, { recursive: true, force: true });
  }
}

for (const N of sizes) await benchSize(N);
report.print([
  `sizes ${sizes.join(', ')}; keyword-only store (no embedder); texts of 8-20 words from a 50,000-word Zipf vocabulary and stop words`,
  'each open = createSqliteMemoryStore resolving (database, migration check, keyword index); saved vs rebuilt answered 20 keyword queries identically (checked)',
  `load average (1 min) before ${loadBefore.toFixed(1)}, after ${(loadavg()[0] ?? 0).toFixed(1)} on ${availableParallelism()} cores — a shared machine`,
]);
