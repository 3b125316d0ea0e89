import * as nodeFs from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { resolveToolPath, type ToolPathFileSystem, type ToolPathSource, toolPathCandidates } from '@cortex-os/plugin-toolkit';

// Every state a tools folder can be in. Only `with` and `inner-link` hold the tool.
const folderStates = ['missing', 'file', 'without', 'with', 'inner-link', 'escaping-link', 'dangling-link', 'unreadable'] as const;
type FolderState = (typeof folderStates)[number];
const holds = (state: FolderState): boolean => state === 'with' || state === 'inner-link';
// What an environment variable can hold: nothing, an empty or relative value, or a folder in one of the states.
type VariableState = 'unset' | 'empty' | 'relative' | FolderState;
const variableStates: readonly VariableState[] = ['unset', 'empty', 'relative', ...folderStates];
// The platform's data folder lies under the user's home folder, which always names a folder.
const platformSuffix = ['.local', 'share', 'cortex-os', 'tools', 'agent-toolkit'] as const;

let base: string;

/** Makes `dir` into `state` (its parent exists). */
async function layOut(dir: string, state: FolderState): Promise<void> {
  if (state === 'missing') return;
  if (state === 'file') return writeFile(dir, 'not a folder');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'other-tool'), 'x');
  if (state === 'with' || state === 'unreadable') await writeFile(join(dir, 'rg'), '#!/bin/sh\n');
  if (state === 'inner-link') {
    await writeFile(join(dir, 'real-rg'), '#!/bin/sh\n');
    await symlink('./real-rg', join(dir, 'rg'));
  }
  if (state === 'escaping-link') await symlink(join(base, 'outside', 'rg'), join(dir, 'rg'));
  if (state === 'dangling-link') await symlink(join(dir, 'gone'), join(dir, 'rg'));
}

/** The tools folder a source reads, laid out once per state. */
const folderOf = (kind: string, state: FolderState): string => join(base, kind, state);
/** The value of CORTEX_HOME, or the user's home folder, whose tools folder is laid out in `state`. */
const variableRoot = (kind: string, state: FolderState): string => join(base, kind, `${state}-home`);
/** The value of a variable that names no usable folder. */
const unusable = (state: 'unset' | 'empty' | 'relative'): string | undefined =>
  state === 'unset' ? undefined : state === 'empty' ? '' : join('relative', 'tools');
const isUnusable = (state: VariableState): state is 'unset' | 'empty' | 'relative' =>
  state === 'unset' || state === 'empty' || state === 'relative';

// root-owned processes read everything: an unreadable folder is simulated at the fs seam.
const fs: ToolPathFileSystem = {
  statSync: (path) => nodeFs.statSync(path),
  realpathSync: (path) => {
    if (path.split(sep).some((part) => part === 'unreadable' || part === 'unreadable-home')) {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    }
    return nodeFs.realpathSync(path);
  },
};

const suffixes = { CORTEX_HOME: ['tools', 'agent-toolkit'], platform: platformSuffix } as const;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'toolkit-toolpath-')));
  await mkdir(join(base, 'outside'), { recursive: true });
  await writeFile(join(base, 'outside', 'rg'), '#!/bin/sh\n');
  for (const state of folderStates) {
    await mkdir(join(base, 'direct'), { recursive: true });
    await layOut(folderOf('direct', state), state);
    await mkdir(join(base, 'builtin'), { recursive: true });
    await layOut(folderOf('builtin', state), state);
    for (const [kind, suffix] of Object.entries(suffixes)) {
      const dir = join(variableRoot(kind, state), ...suffix);
      await mkdir(join(dir, '..'), { recursive: true });
      await layOut(dir, state);
    }
  }
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** Options for one generated machine: the variables, and a Linux user whose home folder's data folder is in `home`. */
function machine(direct: VariableState, cortexHome: VariableState, home: FolderState) {
  return {
    env: {
      AGENT_TOOLKIT_TOOLS_DIR: isUnusable(direct) ? unusable(direct) : folderOf('direct', direct),
      CORTEX_HOME: isUnusable(cortexHome) ? unusable(cortexHome) : variableRoot('CORTEX_HOME', cortexHome),
    },
    platform: 'linux' as const,
    homedir: variableRoot('platform', home),
  };
}

describe('resolveToolPath', () => {
  it('takes $AGENT_TOOLKIT_TOOLS_DIR, then the runtime home ($CORTEX_HOME, else the platform data folder), then the built-in folder', () => {
    const options = machine('with', 'with', 'with');
    expect(toolPathCandidates({ ...options, builtinDir: '/b' })).toEqual([
      { source: 'AGENT_TOOLKIT_TOOLS_DIR', dir: folderOf('direct', 'with') },
      { source: 'CORTEX_HOME', dir: join(variableRoot('CORTEX_HOME', 'with'), 'tools', 'agent-toolkit') },
      { source: 'builtin', dir: '/b' },
    ]);
    expect(toolPathCandidates({ ...machine('unset', 'unset', 'with'), builtinDir: '/b' })).toEqual([
      { source: 'platform', dir: join(variableRoot('platform', 'with'), ...platformSuffix) },
      { source: 'builtin', dir: '/b' },
    ]);
    expect(resolveToolPath('rg', { ...options, builtinDir: folderOf('builtin', 'with'), fs })).toEqual({
      source: 'AGENT_TOOLKIT_TOOLS_DIR',
      dir: folderOf('direct', 'with'),
      path: join(folderOf('direct', 'with'), 'rg'),
    });
    expect(resolveToolPath('rg', { ...machine('without', 'empty', 'with'), builtinDir: folderOf('builtin', 'with') }).source).toBe(
      'platform',
    );
    expect(resolveToolPath('rg', { ...machine('unset', 'unset', 'missing'), builtinDir: folderOf('builtin', 'inner-link') })).toMatchObject(
      {
        source: 'builtin',
        path: join(folderOf('builtin', 'inner-link'), 'real-rg'),
      },
    );
  });

  it('ships a built-in folder of its own', () => {
    expect(resolveToolPath('README.md', machine('unset', 'unset', 'missing')).source).toBe('builtin');
  });

  it('refuses a relative CORTEX_HOME with the kernel’s HOME_INVALID, as every user of the runtime home does', async () => {
    await expectCortexError(() => resolveToolPath('rg', machine('with', 'relative', 'with')), 'HOME_INVALID');
  });

  it('refuses names with separators, `..`, NUL or nothing', () => {
    for (const name of ['', '.', '..', 'a/b', '../rg', 'a\\b', 'r\0g']) {
      expect(() => resolveToolPath(name, machine('unset', 'unset', 'missing'))).toThrow(
        expect.objectContaining({ code: 'TOOLKIT_TOOL_NAME_INVALID' }),
      );
    }
  });

  it('says which sources it searched, never their machine paths', async () => {
    const error = await expectCortexError(
      () => resolveToolPath('nope', { ...machine('with', 'with', 'with'), builtinDir: folderOf('builtin', 'with') }),
      'TOOLKIT_TOOL_NOT_FOUND',
    );
    expect(error.message).toBe('tool "nope" is in none of the tools folders: AGENT_TOOLKIT_TOOLS_DIR, CORTEX_HOME, builtin');
  });
});

const state = fc.constantFrom(...variableStates);
const folderState = fc.constantFrom(...folderStates);

describe('resolveToolPath precedence (property)', () => {
  it('returns the first folder of the precedence that holds the tool, never one reached through an escaping link', () => {
    fc.assert(
      fc.property(state, state, folderState, folderState, (direct, cortexHome, home, builtin) => {
        const options = { ...machine(direct, cortexHome, home), builtinDir: folderOf('builtin', builtin), fs };
        if (cortexHome === 'relative') {
          expect(() => resolveToolPath('rg', options)).toThrow(expect.objectContaining({ code: 'HOME_INVALID' }));
          return;
        }
        // One runtime home: CORTEX_HOME when it names a folder, else the platform's.
        const runtimeHome: [ToolPathSource, VariableState] = isUnusable(cortexHome) ? ['platform', home] : ['CORTEX_HOME', cortexHome];
        const order: [ToolPathSource, VariableState][] = [['AGENT_TOOLKIT_TOOLS_DIR', direct], runtimeHome, ['builtin', builtin]];
        const expected = order.find(([, s]) => !isUnusable(s) && holds(s))?.[0];
        if (expected === undefined) {
          expect(() => resolveToolPath('rg', options)).toThrow(expect.objectContaining({ code: 'TOOLKIT_TOOL_NOT_FOUND' }));
          return;
        }
        const found = resolveToolPath('rg', options);
        expect(found.source).toBe(expected);
        expect(found.path.startsWith(`${found.dir}${sep}`)).toBe(true);
        expect(found.path.startsWith(join(base, 'outside'))).toBe(false);
      }),
      { seed: 22, numRuns: 3000 },
    );
  });

  it('refuses every name that is not one plain entry', () => {
    const separatorName = fc
      .tuple(fc.string({ maxLength: 5 }), fc.constantFrom('/', '\\', '\0'), fc.string({ maxLength: 5 }))
      .map(([a, s, b]) => `${a}${s}${b}`);
    fc.assert(
      fc.property(fc.oneof(separatorName, fc.constantFrom('', '.', '..')), (name) => {
        expect(() => resolveToolPath(name, machine('unset', 'unset', 'missing'))).toThrow(
          expect.objectContaining({ code: 'TOOLKIT_TOOL_NAME_INVALID' }),
        );
      }),
      { seed: 22, numRuns: 1000 },
    );
  });
});
