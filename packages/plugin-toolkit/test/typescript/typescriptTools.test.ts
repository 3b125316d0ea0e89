import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestKernel, expectCortexError, type TestKernel } from '@cortex-os/kernel/testing';
import { type CodemapToolOutput, toolkitPlugin, type ValidateToolOutput } from '@cortex-os/plugin-toolkit';

let base: string;
let kernel: TestKernel;

const files: Readonly<Record<string, string>> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      strict: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'es2022',
      noEmit: true,
      types: [],
      skipLibCheck: true,
    },
    include: ['src'],
  }),
  'broken.json': '{ "compilerOptions": ',
  'src/a.ts': [
    "import { join } from 'node:path';",
    "import type { Shape } from './b.js';",
    'export function area(shape: Shape): number { return shape.size; }',
    'export class Box {}',
    'export interface Named { readonly name: string }',
    'export type Id = string;',
    'export enum Colour { Red }',
    "export const base = join('a', 'b');",
    '',
  ].join('\n'),
  // An ambient module: the fixture has no @types/node, and the map shows a package import as unresolved.
  'src/env.d.ts': "declare module 'node:path' { export function join(...parts: string[]): string; }\n",
  'src/b.ts': "export interface Shape { readonly size: number }\nexport const wrong: number = 'not a number';\n",
  'src/c.ts': "export * from './a.js';\nexport { wrong as alsoWrong } from './b.js';\n",
};

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'toolkit-ts-')));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(base, 'repo', path, '..'), { recursive: true });
    await writeFile(join(base, 'repo', path), text);
  }
  await writeFile(join(base, 'outside.json'), '{}');
  kernel = createTestKernel({
    plugins: [toolkitPlugin({ roots: [{ path: join(base, 'repo'), name: 'repo' }], engine: 'builtin' })],
    hookTimeoutMs: 10_000,
  });
  await kernel.start();
});
afterAll(async () => {
  await kernel.stop();
  await rm(base, { recursive: true, force: true });
});

describe('toolkit.validate', () => {
  it('returns the compiler diagnostics of the project, paths relative to the root', async () => {
    const { structured } = await kernel.tools.call<ValidateToolOutput>('toolkit.validate', {});
    expect(structured).toEqual({
      root: 'repo',
      project: 'tsconfig.json',
      files: 3,
      errors: 1,
      truncated: false,
      diagnostics: [
        {
          path: 'src/b.ts',
          line: 2,
          column: 14,
          source: 'typescript',
          code: 2322,
          category: 'error',
          message: "Type 'string' is not assignable to type 'number'.",
        },
      ],
    });
  });

  it('checks only the files asked for', async () => {
    const { structured } = await kernel.tools.call<ValidateToolOutput>('toolkit.validate', { paths: ['src/a.ts'] });
    expect(structured).toMatchObject({ files: 1, errors: 0, diagnostics: [] });
  });

  it('refuses a project that cannot be read or lies outside the root', async () => {
    const broken = await expectCortexError(kernel.tools.call('toolkit.validate', { project: 'broken.json' }), 'TOOLKIT_PROJECT_INVALID');
    expect(broken.message).not.toContain(base);
    await expectCortexError(kernel.tools.call('toolkit.validate', { project: '../outside.json' }), 'TOOLKIT_PATH_OUTSIDE_ROOT');
    await expectCortexError(kernel.tools.call('toolkit.validate', { project: 'missing.json' }), 'TOOLKIT_PATH_NOT_FOUND');
  });

  it('runs only allow-listed linters, never a script the caller names', async () => {
    const error = await expectCortexError(
      kernel.tools.call('toolkit.validate', { linters: ['npm run lint'] }),
      'TOOLKIT_LINTER_NOT_ALLOWED',
    );
    expect(error.message).toBe('linter "npm run lint" is not in the allow-list; allowed: (none configured)');
  });
});

describe('toolkit.codemap', () => {
  it('maps modules, exports with kinds and imports with what they resolve to', async () => {
    const { structured } = await kernel.tools.call<CodemapToolOutput>('toolkit.codemap', { path: 'src' });
    expect(structured?.modules.map((module) => module.path)).toEqual(['src/a.ts', 'src/b.ts', 'src/c.ts']);
    expect(structured?.modules[0]).toEqual({
      path: 'src/a.ts',
      exports: [
        { name: 'Box', kind: 'class' },
        { name: 'Colour', kind: 'enum' },
        { name: 'Id', kind: 'type' },
        { name: 'Named', kind: 'interface' },
        { name: 'area', kind: 'function' },
        { name: 'base', kind: 'variable' },
      ],
      imports: [
        { specifier: 'node:path', resolved: null, names: ['join'] },
        { specifier: './b.js', resolved: 'src/b.ts', names: ['Shape'] },
      ],
    });
    expect(structured?.modules[2]?.imports).toEqual([
      { specifier: './a.js', resolved: 'src/a.ts', names: ['*'] },
      { specifier: './b.js', resolved: 'src/b.ts', names: ['wrong'] },
    ]);
    expect(structured?.modules[2]?.exports.map((e) => e.name)).toContain('alsoWrong');
  });

  it('cuts the map to the module limit and says so', async () => {
    const { structured } = await kernel.tools.call<CodemapToolOutput>('toolkit.codemap', { maxModules: 1 });
    expect(structured).toMatchObject({ truncated: true, modules: [{ path: 'src/a.ts' }] });
  });
});
