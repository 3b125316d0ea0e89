import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { createWorkspaceRoots, type WorkspaceRoots } from '@cortex-os/plugin-toolkit';

let base: string;
let root: string;
let roots: WorkspaceRoots;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'toolkit-roots-')));
  root = join(base, 'repo');
  await mkdir(join(root, 'src', 'deep'), { recursive: true });
  await mkdir(join(base, 'outside'), { recursive: true });
  await mkdir(join(base, 'repo-sibling'), { recursive: true });
  await writeFile(join(root, 'src', 'index.ts'), 'export {};\n');
  await writeFile(join(base, 'outside', 'secret.txt'), 'secret\n');
  await symlink(join(base, 'outside'), join(root, 'escape'));
  await symlink(join(base, 'outside', 'secret.txt'), join(root, 'src', 'secret-link.txt'));
  await symlink(join(root, 'src'), join(root, 'inner-link'));
  await symlink('../../..', join(root, 'src', 'deep', 'up'));
  await symlink(join(root, 'nowhere'), join(root, 'dangling'));
  await symlink(join(base, 'outside', 'not-yet.txt'), join(root, 'dangling-out'));
  roots = await createWorkspaceRoots([{ path: root, name: 'repo' }, { path: join(base, 'outside') }]);
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('createWorkspaceRoots', () => {
  it('names roots after their folder unless named, first one the default', () => {
    expect(roots.roots.map((r) => r.name)).toEqual(['repo', 'outside']);
    expect(roots.root().name).toBe('repo');
  });

  it('refuses missing roots, files and duplicate names in one error', async () => {
    const error = await expectCortexError(
      createWorkspaceRoots([{ path: join(base, 'missing') }, { path: join(root, 'src', 'index.ts') }, { path: root }, { path: root }]),
      'TOOLKIT_ROOT_INVALID',
    );
    expect(error.message).toBe(
      'workspace root "3 roots" cannot be used: "missing": does not exist; "index.ts": not a folder; "repo": two roots share this name; give each a unique `name`',
    );
    await expectCortexError(createWorkspaceRoots([]), 'TOOLKIT_ROOT_INVALID');
  });

  it('refuses an unknown root name, listing the known ones', async () => {
    const error = await expectCortexError(roots.resolve('src', { root: 'nope' }), 'TOOLKIT_ROOT_UNKNOWN');
    expect(error.message).toBe('no workspace root is named "nope"; the roots are: repo, outside');
  });
});

describe('WorkspaceRoots.resolve', () => {
  it('resolves relative and absolute paths inside the root to root-relative paths', async () => {
    expect((await roots.resolve('src/index.ts')).relative).toBe('src/index.ts');
    expect((await roots.resolve('./src/../src/index.ts')).relative).toBe('src/index.ts');
    expect((await roots.resolve(join(root, 'src'))).relative).toBe('src');
    expect((await roots.resolve('.')).relative).toBe('.');
    expect((await roots.resolve('secret.txt', { root: 'outside' })).relative).toBe('secret.txt');
  });

  it('follows links that stay inside the root to their real place', async () => {
    const resolved = await roots.resolve('inner-link/index.ts');
    expect(resolved.relative).toBe('src/index.ts');
    expect(resolved.absolute).toBe(join(root, 'src', 'index.ts'));
  });

  it('refuses `..`, absolute paths and sibling folders outside the root, naming the path relative to the root', async () => {
    const dots = await expectCortexError(roots.resolve('../outside/secret.txt'), 'TOOLKIT_PATH_OUTSIDE_ROOT');
    expect(dots.message).toBe('path "../outside/secret.txt" is outside workspace root "repo"');
    const absolute = await expectCortexError(roots.resolve('/etc/passwd'), 'TOOLKIT_PATH_OUTSIDE_ROOT');
    expect(absolute.message).not.toContain(base);
    // A sibling whose name starts with the root's is not inside it.
    await expectCortexError(roots.resolve(`${root}-sibling`), 'TOOLKIT_PATH_OUTSIDE_ROOT');
  });

  it('refuses symbolic links that lead outside, never naming their target', async () => {
    for (const path of [
      'escape/secret.txt',
      'escape',
      'src/secret-link.txt',
      'src/deep/up/outside',
      'escape/new-file.ts',
      'dangling-out',
    ]) {
      const error = await expectCortexError(roots.resolve(path, { mustExist: false }), 'TOOLKIT_PATH_OUTSIDE_ROOT');
      expect(error.message).toBe(`path "${path}" is outside workspace root "repo" through a symbolic link`);
      expect(error.message).not.toContain(base);
      expect(JSON.stringify(error.details)).not.toContain(base);
    }
  });

  it('refuses empty paths and NUL bytes, and missing paths unless asked not to', async () => {
    await expectCortexError(roots.resolve(''), 'TOOLKIT_PATH_INVALID');
    const nul = await expectCortexError(roots.resolve('src\0x'), 'TOOLKIT_PATH_INVALID');
    expect(nul.message).toBe('path "src\\0x" is not allowed: it contains a NUL byte');
    await expectCortexError(roots.resolve('x'.repeat(5000)), 'TOOLKIT_PATH_INVALID');
    const missing = await expectCortexError(roots.resolve('src/nope.ts'), 'TOOLKIT_PATH_NOT_FOUND');
    expect(missing.message).toBe('path "src/nope.ts" does not exist in workspace root "repo"');
    expect(await roots.resolve('src/new/file.ts', { mustExist: false })).toMatchObject({ relative: 'src/new/file.ts', exists: false });
    expect(await roots.resolve('dangling', { mustExist: false })).toMatchObject({ relative: 'nowhere', exists: false });
    await expectCortexError(roots.resolve('src/index.ts/child'), 'TOOLKIT_PATH_NOT_FOUND');
  });

  it('compares case-insensitively when told to (macOS, Windows)', async () => {
    const folded = await createWorkspaceRoots([{ path: root }], { caseInsensitive: true });
    const only = folded.root();
    expect(folded.contains(only, only.path.toUpperCase())).toBe(true);
    expect(roots.contains(roots.root(), roots.root().path.toUpperCase())).toBe(root === root.toUpperCase());
  });
});

// The layout's names, `..`, `.` and links in and out, composed into paths, relative or absolute.
const segment = fc.constantFrom(
  'src',
  'dangling-out',
  'deep',
  'index.ts',
  '..',
  '.',
  'escape',
  'inner-link',
  'up',
  'secret-link.txt',
  'dangling',
  'missing',
  '',
);
const pathArbitrary = fc.tuple(fc.boolean(), fc.array(segment, { minLength: 1, maxLength: 7 })).map(([absolute, parts]) => {
  const joined = parts.join('/');
  return absolute ? `${root}/${joined}` : joined;
});

describe('confinement (property)', () => {
  it('never returns a path whose real location is outside the root, and never names the machine path in errors', async () => {
    await fc.assert(
      fc.asyncProperty(pathArbitrary, async (path) => {
        try {
          const resolved = await roots.resolve(path, { mustExist: false });
          const real = await realpath(resolved.absolute).catch(() => resolved.absolute);
          expect(real === root || real.startsWith(`${root}${sep}`)).toBe(true);
          expect(resolved.relative.startsWith('..')).toBe(false);
          // Resolving the answer again gives the same answer.
          expect((await roots.resolve(resolved.relative, { mustExist: false })).absolute).toBe(resolved.absolute);
        } catch (error) {
          const { code, message, details } = error as { code: string; message: string; details: unknown };
          expect(['TOOLKIT_PATH_OUTSIDE_ROOT', 'TOOLKIT_PATH_INVALID']).toContain(code);
          expect(message.includes(base) || JSON.stringify(details).includes(base)).toBe(false);
          if (code === 'TOOLKIT_PATH_OUTSIDE_ROOT' && !message.endsWith('symbolic link')) {
            expect(resolve(root, path).startsWith(`${root}${sep}`)).toBe(false);
          }
        }
      }),
      { seed: 22, numRuns: 1000 },
    );
  });
});
