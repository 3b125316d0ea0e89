// Issue 15 §3: a README is what a stranger reads on the registry's page. Every ```ts snippet of
// every package README compiles under strict TypeScript as a consumer's project would check it
// (one program, NodeNext, against the built packages), and every snippet not marked
// `compile-only` runs to completion with the project's Node on loopback and embedded defaults.
// No README links into the repository: such links lead nowhere on the registry.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtFile, repoRoot } from '../support/builtFile.js';
import { packagesWithReadmes, type ReadmeSnippet, readmeSnippets, relativeLinks } from './readmeSnippets.js';

const run = promisify(execFile);
const packages = packagesWithReadmes();
const snippets = packages.flatMap((pkg) => readmeSnippets(pkg));
const runnable = snippets.filter((snippet) => !snippet.compileOnly);
/** Where each snippet is written: inside its package, so its own name resolves by self-reference. */
const files = new Map<ReadmeSnippet, string>();
const home = mkdtempSync(join(tmpdir(), 'cortex-readme-home-'));

beforeAll(() => {
  builtFile('packages/kernel/dist/index.js');
  for (const [index, snippet] of snippets.entries()) {
    const folder = join(repoRoot, 'packages', snippet.pkg, '.readme-snippets');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `snippet-${index}.ts`);
    // `export {}` makes each snippet a module, so two snippets' top-level names never clash.
    writeFileSync(file, `${snippet.code}\nexport {};\n`);
    files.set(snippet, file);
  }
});

afterAll(() => {
  for (const pkg of packages) rmSync(join(repoRoot, 'packages', pkg, '.readme-snippets'), { recursive: true, force: true });
  rmSync(join(repoRoot, '.readme-snippets.tsconfig.json'), { force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('package READMEs', () => {
  it('have ts snippets, most of them runnable', () => {
    console.info(`README snippets: ${snippets.length}, ${runnable.length} run, ${snippets.length - runnable.length} compile-only`);
    expect(snippets.length).toBeGreaterThan(50);
    expect(runnable.length).toBeGreaterThan(0);
  });

  it('link nowhere into the repository', () => {
    const links = packages.flatMap((pkg) => relativeLinks(pkg).map((target) => `packages/${pkg}/README.md → ${target}`));
    expect(links).toEqual([]);
  });

  it('every ts snippet compiles under strict TypeScript (NodeNext)', { timeout: 180_000 }, async () => {
    const config = join(repoRoot, '.readme-snippets.tsconfig.json');
    const compilerOptions = {
      strict: true,
      noEmit: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2023',
      lib: ['es2024', 'esnext.disposable'],
      types: ['node'],
      skipLibCheck: true,
      allowImportingTsExtensions: true,
    };
    // The names compile-only snippets take from their README's surrounding text; kept out of the
    // test projects' own type check (tsconfig.test.json), where such globals would hide mistakes.
    const context = join(import.meta.dirname, 'readme-context', 'context.d.ts');
    writeFileSync(config, JSON.stringify({ compilerOptions, files: [...files.values(), context] }));
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const output = await run(process.execPath, [tsc, '-p', config], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 }).then(
      () => '',
      (failure: { stdout?: string }) => failure.stdout ?? String(failure),
    );
    // Name each error by README and line, not by the throw-away file.
    const byFile = new Map([...files].map(([snippet, file]) => [relative(repoRoot, file), snippet.where]));
    const errors = output
      .split('\n')
      .filter((line) => line.includes('error TS'))
      .map((line) =>
        line.replace(
          /^(\S+?\.ts)\((\d+),\d+\)/,
          (_, file: string, codeLine: string) => `${byFile.get(file) ?? file} (snippet line ${codeLine})`,
        ),
      );
    expect(errors).toEqual([]);
  });

  // Concurrently (vitest's maxConcurrency): each run is mostly a Node start and module loading.
  it.concurrent.each(runnable.map((snippet) => [snippet.where, snippet] as const))(
    '%s runs to completion',
    { timeout: 60_000 },
    async (_, snippet) => {
      const file = files.get(snippet) ?? '';
      const { stderr } = await run(process.execPath, [file], {
        cwd: join(repoRoot, 'packages', snippet.pkg),
        env: { ...process.env, CORTEX_HOME: join(home, snippet.where.replace(/[^a-z0-9]+/gi, '-')), NODE_NO_WARNINGS: '1' },
        timeout: 45_000,
      }).catch((failure: { stderr?: string; code?: unknown; signal?: unknown }) => {
        throw new Error(`${snippet.where} failed (${String(failure.code ?? failure.signal)}):\n${failure.stderr ?? ''}`);
      });
      expect(stderr).not.toMatch(/Error|at .+:\d+:\d+/);
    },
  );
});
