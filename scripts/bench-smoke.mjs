// `node scripts/bench-smoke.mjs [names…]`: runs every benchmark in bench/package.json's scripts (or
// the named ones) in smoke mode — CORTEX_BENCH_SMOKE=1, token sizes — one after another, each
// within a time limit, and checks that it exits 0 and prints at least one figure line in the
// format bench/README.md documents. It asserts no timing: it is there so a moved export or a
// broken harness fails the suite, not a slow machine. Needs a build first (`tsc -b`): benchmarks
// measure the built packages.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

const benchDir = join(import.meta.dirname, '..', 'bench');
const { scripts } = JSON.parse(readFileSync(join(benchDir, 'package.json'), 'utf8'));
const timeoutMs = Number(process.env.CORTEX_BENCH_SMOKE_TIMEOUT_S ?? 60) * 1000;

/** The fields of a figure line (bench/README.md) and the JSON types each may hold. */
const FIELDS = {
  bench: ['string'],
  case: ['string'],
  metric: ['string'],
  unit: ['string'],
  value: ['number'],
  baseline: ['string', 'null'],
  baselineValue: ['number', 'null'],
  ratio: ['number', 'null'],
};
const jsonType = (value) => (value === null ? 'null' : typeof value);

/** Problems with one stdout line that looks like JSON; an empty list when it is a valid figure line. */
function checkFigure(line) {
  let figure;
  try {
    figure = JSON.parse(line);
  } catch (error) {
    return [`not JSON (${error.message}): ${line.slice(0, 120)}`];
  }
  if (jsonType(figure) !== 'object' || Array.isArray(figure)) return [`not an object: ${line.slice(0, 120)}`];
  return Object.entries(FIELDS)
    .filter(([field, types]) => !types.includes(jsonType(figure[field])))
    .map(([field, types]) => `field "${field}" is ${JSON.stringify(figure[field])}, expected ${types.join(' or ')}: ${line.slice(0, 120)}`);
}

let running;
// The benchmark runs in its own process group (it may spawn servers); take the group down with us.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (running !== undefined) killGroup(running);
    process.exit(130);
  });
}

function killGroup(child) {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Runs one benchmark script in smoke mode; resolves with its exit, output and wall time. */
function run(command) {
  const started = performance.now();
  // `node` in the scripts is the Node running this file (type stripping needs Node ≥ 22.18 / 23.6).
  const env = { ...process.env, CORTEX_BENCH_SMOKE: '1', PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
  const child = spawn(command, { cwd: benchDir, env, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running = child;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  let exited = false;
  let timedOut = false;
  let exitedBeforeTimeout = false;
  child.on('exit', () => {
    exited = true;
  });
  const timer = setTimeout(() => {
    timedOut = true;
    exitedBeforeTimeout = exited;
    killGroup(child);
  }, timeoutMs);
  return new Promise((resolve) => {
    // 'close' waits for the output pipes too: a server the bench left running keeps them open.
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      resolve({ code, signal, stdout, stderr, timedOut, exitedBeforeTimeout, seconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Why a finished run failed (empty when it passed) and how many figure lines it printed. */
function judge(result) {
  const problems = [];
  if (result.timedOut)
    problems.push(
      result.exitedBeforeTimeout
        ? `exited but left a process holding its output after ${timeoutMs / 1000} s`
        : `no exit within ${timeoutMs / 1000} s`,
    );
  else if (result.code !== 0) problems.push(`exit ${result.code ?? result.signal}`);
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('{'));
  for (const line of lines) problems.push(...checkFigure(line));
  if (lines.length === 0) problems.push('printed no JSON figure line');
  return { problems, figures: lines.length };
}

const only = process.argv.slice(2);
const unknown = only.filter((name) => !(name in scripts));
if (unknown.length > 0) {
  console.error(`bench-smoke: no benchmark named ${unknown.join(', ')} in bench/package.json`);
  process.exit(1);
}
const names = Object.keys(scripts).filter((name) => only.length === 0 || only.includes(name));
const width = Math.max(...names.map((name) => name.length));
const started = performance.now();
const failed = [];
for (const name of names) {
  const result = await run(scripts[name]);
  const { problems, figures } = judge(result);
  const ok = problems.length === 0;
  console.log(`${ok ? '✓' : '✗'} ${name.padEnd(width)}  ${result.seconds.toFixed(1).padStart(5)} s  ${figures} figures`);
  if (!ok) {
    failed.push(name);
    for (const problem of problems.slice(0, 10)) console.log(`    ${problem}`);
    const output = `${result.stderr}${result.stdout}`.trim();
    if (output !== '') for (const line of output.split('\n').slice(-20)) console.log(`    | ${line}`);
  }
}
const total = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `bench smoke: ${names.length - failed.length} of ${names.length} passed in ${total} s${failed.length === 0 ? '' : `; failed: ${failed.join(', ')}`}`,
);
process.exitCode = failed.length === 0 && names.length > 0 ? 0 : 1;
