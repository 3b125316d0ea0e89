import { chmod, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestKernel, expectCortexError } from '@cortex-os/kernel/testing';
import {
  type CodemodToolOutput,
  createWorkspaceRoots,
  rewriteSource,
  runCodemod,
  toolkitPlugin,
  unifiedDiff,
  writeFilesAtomically,
} from '@cortex-os/plugin-toolkit';

let base: string;
let root: string;

beforeEach(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'toolkit-codemod-')));
  root = join(base, 'repo');
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(join(root, '.gitignore'), 'generated.ts\n');
  await writeFile(join(root, 'src', 'a.ts'), "import { log } from './log.js';\nlog('a', 1);\nconst x = 2;\nlog('b', x);\n");
  await writeFile(join(root, 'src', 'b.tsx'), 'export const B = () => <div>{log("c", 3)}</div>;\n');
  await writeFile(join(root, 'src', 'untouched.ts'), 'export const y = 1;\n');
  await writeFile(join(root, 'generated.ts'), "log('ignored', 0);\n");
  await writeFile(join(base, 'outside.ts'), "log('outside', 0);\n");
  await symlink(join(base, 'outside.ts'), join(root, 'src', 'link.ts'));
  await chmod(join(root, 'src', 'a.ts'), 0o640);
});
afterEach(() => rm(base, { recursive: true, force: true }));

const query = {
  pattern: 'log($MSG, $$$REST)',
  rewrite: 'logger.info({ data: [$$$REST] }, $MSG)',
  path: '.',
  include: ['*.ts', '*.tsx'],
  exclude: [],
  apply: false,
  maxFiles: 100,
};

async function settings() {
  return { roots: await createWorkspaceRoots([{ path: root, name: 'repo' }]), maxFileBytes: 1 << 20 };
}

describe('rewriteSource', () => {
  it('fills single and multiple metavariables, keeping separators as written', () => {
    const source = 'f(1,  2, g(3));';
    const edits = rewriteSource(source, 'typescript', 'f($A, $$$REST)', 'h($$$REST, $A)');
    expect(edits).toEqual([{ start: 0, end: 14, text: 'h(2, g(3), 1)' }]);
    expect(rewriteSource('f(f(1, 2), 3)', 'typescript', 'f($A, $B)', 'g($B, $A)')).toHaveLength(1);
  });

  it('refuses a pattern ast-grep cannot read', () => {
    expect(() => rewriteSource('x', 'typescript', '', 'y')).toThrow(expect.objectContaining({ code: 'TOOLKIT_CODEMOD_PATTERN_INVALID' }));
  });
});

describe('unifiedDiff', () => {
  it('writes hunks with three lines of context', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n');
    const after = before.replace('5', 'five');
    expect(unifiedDiff('f.ts', `${before}\n`, `${after}\n`)).toBe(
      '--- a/f.ts\n+++ b/f.ts\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n',
    );
    expect(unifiedDiff('f.ts', 'same\n', 'same\n')).toBe('');
  });
});

describe('runCodemod', () => {
  it('dry-runs: returns the diff and changes nothing, skipping ignored and linked files', async () => {
    const outcome = await runCodemod(await settings(), query, new AbortController().signal);
    expect(outcome.files).toEqual([
      { path: 'src/a.ts', replacements: 2 },
      { path: 'src/b.tsx', replacements: 1 },
    ]);
    expect(outcome.applied).toBe(false);
    expect(outcome.diff).toContain("-log('a', 1);\n+logger.info({ data: [1] }, 'a');\n");
    expect(outcome.diff).toContain('+++ b/src/b.tsx\n');
    expect(await readFile(join(root, 'src', 'a.ts'), 'utf8')).toContain("log('a', 1);");
  });

  it('applies: writes every file atomically, keeping modes, leaving no temporary files', async () => {
    const outcome = await runCodemod(await settings(), { ...query, apply: true }, new AbortController().signal);
    expect(outcome.applied).toBe(true);
    expect(await readFile(join(root, 'src', 'a.ts'), 'utf8')).toBe(
      "import { log } from './log.js';\nlogger.info({ data: [1] }, 'a');\nconst x = 2;\nlogger.info({ data: [x] }, 'b');\n",
    );
    expect((await stat(join(root, 'src', 'a.ts'))).mode & 0o777).toBe(0o640);
    expect(await readdir(join(root, 'src'))).toEqual(['a.ts', 'b.tsx', 'link.ts', 'untouched.ts']);
    expect(await readFile(join(base, 'outside.ts'), 'utf8')).toBe("log('outside', 0);\n");
    expect(await readFile(join(root, 'generated.ts'), 'utf8')).toBe("log('ignored', 0);\n");
  });

  it('stops at maxFiles and says so', async () => {
    const outcome = await runCodemod(await settings(), { ...query, maxFiles: 1 }, new AbortController().signal);
    expect(outcome).toMatchObject({ truncated: true, files: [{ path: 'src/a.ts' }] });
  });
});

describe('writeFilesAtomically', () => {
  it('restores the files already written when one write fails', async () => {
    const files = await Promise.all(
      ['a.ts', 'untouched.ts'].map(async (name) => {
        const absolute = join(root, 'src', name);
        const before = await readFile(absolute, 'utf8');
        return { path: `src/${name}`, absolute, before, after: `${before}// changed\n` };
      }),
    );
    let renames = 0;
    const failing = {
      writeFile: (path: string, data: string) => writeFile(path, data, { flag: 'wx' }),
      rename: async (from: string, to: string) => {
        renames += 1;
        if (renames === 2) throw Object.assign(new Error(`ENOSPC: no space left on device, rename '${from}'`), { code: 'ENOSPC' });
        await rename(from, to);
      },
    };
    const error = await expectCortexError(writeFilesAtomically(files, failing), 'TOOLKIT_CODEMOD_APPLY_FAILED');
    expect(error.message).toMatch(
      /^codemod could not write "src\/untouched.ts": ENOSPC: no space left on device, rename '\.\/\.untouched\.ts\.toolkit-[0-9a-f]+\.tmp'; 1 files written before it were restored$/,
    );
    for (const file of files) expect(await readFile(file.absolute, 'utf8')).toBe(file.before);
    expect(await readdir(join(root, 'src'))).toEqual(['a.ts', 'b.tsx', 'link.ts', 'untouched.ts']);
  });

  it('refuses to overwrite a file that changed since it was read', async () => {
    const absolute = join(root, 'src', 'a.ts');
    const error = await expectCortexError(
      writeFilesAtomically([{ path: 'src/a.ts', absolute, before: 'stale', after: 'new' }]),
      'TOOLKIT_CODEMOD_APPLY_FAILED',
    );
    expect(error.message).toBe('codemod could not write "src/a.ts": it changed since it was read; 0 files written before it were restored');
  });
});

describe('toolkit.codemod', () => {
  it('is declared destructive and confined to the root', async () => {
    await using kernel = createTestKernel({ plugins: [toolkitPlugin({ roots: [{ path: root, name: 'repo' }], engine: 'builtin' })] });
    await kernel.start();
    expect(kernel.tools.list().find((tool) => tool.name === 'toolkit.codemod')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    await expectCortexError(
      kernel.tools.call('toolkit.codemod', { pattern: 'log($A)', rewrite: 'x', path: '../outside.ts' }),
      'TOOLKIT_PATH_OUTSIDE_ROOT',
    );
    const dry = await kernel.tools.call<CodemodToolOutput>('toolkit.codemod', { pattern: 'const x = $V', rewrite: 'const x = $V + 1' });
    expect(dry.structured).toMatchObject({
      root: 'repo',
      applied: false,
      files: [{ path: 'src/a.ts', replacements: 1 }],
      truncated: false,
    });
    expect(dry.content).toEqual([{ type: 'text', text: 'dry run: 1 replacements in 1 files' }]);
  });
});
