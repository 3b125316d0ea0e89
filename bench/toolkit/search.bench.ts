// toolkit.search side by side with what a user would pick instead: ripgrep run directly
// (`rg --json`, its output parsed), measured in the same run on the same generated repository.
// Cases: the kernel tool on the ripgrep engine (the toolkit's overhead: validation, confinement,
// the dialect, the walk rules, grouping, the budget) and on the built-in engine (what a host
// without ripgrep pays). Run after `pnpm build`.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createKernel, createLogger, type Kernel } from '@cortex-os/kernel';
import { detectRipgrep, toolkitPlugin } from '@cortex-os/plugin-toolkit';
import { addComparisonRuns, compareAsync, createReport, sampleAsync, percentile, sized } from '../lib/measure.ts';

const report = createReport('toolkit');
const quiet = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, cb) => cb() }) });
const FILES = sized(1500, 40);
const LINES = 120;
const PATTERN = 'createWidget\\w*\\(';
const sample = { iterations: sized(30, 5), warmup: sized(3, 1), chunks: 5 };

/** A repository of TypeScript-like files, a .gitignore and an ignored node_modules. */
async function writeRepository(root: string): Promise<void> {
  await writeFile(join(root, '.gitignore'), 'node_modules/\n*.log\n');
  for (let file = 0; file < FILES; file += 1) {
    const dir = join(root, 'src', `mod${file % 30}`);
    await mkdir(dir, { recursive: true });
    const lines = Array.from({ length: LINES }, (_, line) =>
      // 3 matches in every fifth file: under the 1000-match limit, so both sides read every file.
      line % 40 === 7 && file % 5 === 0
        ? `export const w${line} = createWidget${file % 3}(${line});`
        : `const value${line} = compute(${line}, 'text ${file}');`,
    );
    await writeFile(join(dir, `file${file}.ts`), `${lines.join('\n')}\n`);
  }
  await mkdir(join(root, 'node_modules', 'dep'), { recursive: true });
  await writeFile(join(root, 'node_modules', 'dep', 'index.js'), 'createWidget(1);\n'.repeat(1000));
}

/** What a user would write: spawn `rg --json` and parse its matches. */
function ripgrepDirect(rg: string, root: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(rg, ['--json', '--sort', 'path', '-e', PATTERN, '.'], { cwd: root, maxBuffer: 64 << 20 }, (error, stdout) => {
      if (error !== null && (error as { code?: unknown }).code !== 1) return reject(error);
      resolve(
        stdout
          .split('\n')
          .filter((line) => line.startsWith('{"type":"match"'))
          .map((line) => JSON.parse(line)).length,
      );
    });
  });
}

async function startKernel(root: string, engine: 'ripgrep' | 'builtin'): Promise<Kernel> {
  const kernel = createKernel({ logger: quiet, plugins: [toolkitPlugin({ roots: [root], engine, maxOutputTokens: 200_000 })] });
  await kernel.start();
  return kernel;
}

const search = (kernel: Kernel) => () => kernel.tools.call('toolkit.search', { pattern: PATTERN, maxResults: 1000 });

async function compareEngines(root: string, rg: string): Promise<void> {
  const baseline = () => ripgrepDirect(rg, root);
  for (const engine of ['ripgrep', 'builtin'] as const) {
    const kernel = await startKernel(root, engine);
    const runs = await compareAsync(baseline, search(kernel), sample);
    addComparisonRuns(
      report,
      { case: `toolkit.search, ${engine} engine (${FILES} files)`, unit: 'ms', baseline: 'rg --json, spawned directly' },
      toMs(runs),
    );
    await kernel.stop();
  }
}

/** Builtin only, when this machine has no ripgrep: no fair baseline. */
async function builtinAlone(root: string): Promise<void> {
  const kernel = await startKernel(root, 'builtin');
  const samples = await sampleAsync(search(kernel), sample);
  report.add({ case: `toolkit.search, builtin engine (${FILES} files)`, metric: 'p50', unit: 'ms', value: percentile(samples, 50) / 1e6 });
  await kernel.stop();
}

function toMs(runs: Awaited<ReturnType<typeof compareAsync>>): Awaited<ReturnType<typeof compareAsync>> {
  return runs.map((run) => ({ ours: run.ours.map((ns) => ns / 1e6), baseline: run.baseline.map((ns) => ns / 1e6) }));
}

async function main(): Promise<void> {
  const base = await mkdtemp(join(tmpdir(), 'toolkit-bench-'));
  try {
    await writeRepository(base);
    const ripgrep = await detectRipgrep();
    if (ripgrep === undefined) await builtinAlone(base);
    else await compareEngines(base, ripgrep.path);
    report.print([
      `repository: ${FILES} files × ${LINES} lines, pattern /${PATTERN}/, an ignored node_modules`,
      ripgrep === undefined ? 'ripgrep not installed: built-in engine only, no baseline' : `ripgrep ${ripgrep.version}`,
    ]);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

await main();
