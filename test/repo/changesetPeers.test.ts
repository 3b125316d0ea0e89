// Issue 15 §3: plugins declare the kernel as a peer, and a kernel release does not force plugin
// majors. Shown by `changeset status` — the release plan changesets would carry out — run on a copy
// of the workspace's manifests and changeset config with one kernel changeset added.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/builtFile.js';

interface PlannedRelease {
  readonly name: string;
  readonly type: 'none' | 'patch' | 'minor' | 'major';
}

const copies: string[] = [];

/** A git repository holding the workspace's manifests and changeset config, nothing else. */
function manifestsOnlyWorkspace(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cortex-changesets-'));
  copies.push(dir);
  mkdirSync(join(dir, '.changeset'));
  cpSync(join(repoRoot, '.changeset', 'config.json'), join(dir, '.changeset', 'config.json'));
  for (const file of ['package.json', 'pnpm-workspace.yaml']) cpSync(join(repoRoot, file), join(dir, file));
  for (const parent of ['packages', 'examples']) {
    for (const name of readdirSync(join(repoRoot, parent))) {
      const manifest = join(repoRoot, parent, name, 'package.json');
      if (!existsSync(manifest)) continue;
      mkdirSync(join(dir, parent, name), { recursive: true });
      cpSync(manifest, join(dir, parent, name, 'package.json'));
    }
  }
  mkdirSync(join(dir, 'bench'));
  cpSync(join(repoRoot, 'bench', 'package.json'), join(dir, 'bench', 'package.json'));
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', ...args], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'manifests');
  return dir;
}

/** The release plan after one changeset bumping the kernel by `type`. */
function planAfterKernel(type: 'patch' | 'minor'): Map<string, PlannedRelease['type']> {
  const dir = manifestsOnlyWorkspace();
  writeFileSync(join(dir, '.changeset', 'kernel-release.md'), `---\n'@cortex-os/kernel': ${type}\n---\n\nA kernel ${type}.\n`);
  const bin = join(repoRoot, 'node_modules', '.bin', 'changeset');
  execFileSync(bin, ['status', '--output', 'plan.json'], { cwd: dir, stdio: 'pipe' });
  const plan = JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')) as { releases: PlannedRelease[] };
  return new Map(plan.releases.map((release) => [release.name, release.type]));
}

afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

describe('changesets and the kernel peer range', () => {
  it('a kernel patch, inside every plugin’s peer range, releases the kernel alone', { timeout: 60_000 }, () => {
    const plan = planAfterKernel('patch');
    expect(plan.get('@cortex-os/kernel')).toBe('patch');
    expect([...plan].filter(([name, type]) => name !== '@cortex-os/kernel' && type !== 'none')).toEqual([
      // The CLI is an application: it depends on the kernel outright, so it ships the new one.
      ['@cortex-os/cli', 'patch'],
    ]);
  });

  it('a kernel minor forces no plugin major: dependents get a patch that widens their peer range', { timeout: 60_000 }, () => {
    const plan = planAfterKernel('minor');
    expect(plan.get('@cortex-os/kernel')).toBe('minor');
    expect([...plan].filter(([, type]) => type === 'major')).toEqual([]);
    expect(plan.get('@cortex-os/plugin-memory')).toBe('patch');
  });
});
