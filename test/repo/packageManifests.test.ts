// Issue 15 §3: what a stranger installs. Every package under packages/ ships a LICENSE, declares
// what it is and where it runs, and its tarball leaves out build state (.tsbuildinfo, api-temp/).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/builtFile.js';

const packages = readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, 'packages', entry.name, 'package.json')))
  .map((entry) => entry.name)
  .sort();

interface Manifest {
  readonly name: string;
  readonly description?: string;
  readonly license?: string;
  readonly type?: string;
  readonly engines?: { readonly node?: string };
  readonly exports?: Record<string, unknown>;
  readonly files?: readonly string[];
  readonly keywords?: readonly string[];
  readonly repository?: string | { readonly type?: string; readonly url?: string; readonly directory?: string };
  readonly homepage?: string;
  readonly bugs?: string | { readonly url?: string };
  readonly private?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

const rootManifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
/** The one place a repository URL may be named (issue 15 §3): the root manifest. None exists yet. */
const rootRepositoryUrl = typeof rootManifest.repository === 'string' ? rootManifest.repository : rootManifest.repository?.url;

describe('package manifests', () => {
  it('finds the packages', () => {
    expect(packages).toContain('cli');
    expect(packages).toContain('kernel');
  });

  it.each(packages)('%s: LICENSE, description, engines, ESM exports, its sources with its maps, and no build state in its files', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    expect(manifest.name).toBe(`@cortex-os/${dir}`);
    expect(manifest.license).toBe('Apache-2.0');
    expect(readFileSync(join(repoRoot, 'packages', dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(manifest.description?.length ?? 0).toBeGreaterThan(20);
    expect(manifest.type).toBe('module');
    expect(manifest.engines?.node).toBe('>=22.12');
    expect(Object.keys(manifest.exports ?? {})).toContain('./package.json');
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', '!dist/.tsbuildinfo', '!dist/api-temp', 'README.md']));
    // Source maps ship with the sources they name (issue 15 §3): a debugger or stack-trace tool finds both.
    expect(manifest.files).toContain('src');
    expect(manifest.files?.filter((entry) => entry.endsWith('.map'))).toEqual([]);
  });

  it.each(packages.filter((dir) => dir !== 'cli'))('%s: zod, the kernel and http-api are peers, one range for zod everywhere', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    const kernel = JSON.parse(readFileSync(join(repoRoot, 'packages', 'kernel', 'package.json'), 'utf8')) as Manifest;
    for (const name of ['zod', '@cortex-os/kernel', '@cortex-os/http-api']) {
      // One copy of each in a user's tree: two zods or two kernels make schemas and tokens disagree.
      expect(manifest.dependencies?.[name], `${dir} depends on ${name}`).toBeUndefined();
      const peer = manifest.peerDependencies?.[name];
      if (peer === undefined) continue;
      expect(peer).toBe(name === 'zod' ? kernel.peerDependencies?.['zod'] : 'workspace:^');
      // The workspace builds against the peer it declares.
      expect(manifest.devDependencies?.[name], `${dir} develops against ${name}`).toBeDefined();
    }
  });

  it.each(packages)('%s: keywords a registry search finds it by, each once and lower-case', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    const keywords = manifest.keywords ?? [];
    expect(keywords).toContain('cortex-os');
    expect(keywords.length).toBeGreaterThanOrEqual(4);
    expect(new Set(keywords).size).toBe(keywords.length);
    for (const keyword of keywords) expect(keyword).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  });

  it.each(packages)('%s: repository, homepage and bugs only from the URL the root manifest names, never invented', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    if (rootRepositoryUrl === undefined) {
      // No URL is named yet: a package must not make one up.
      expect({ repository: manifest.repository, homepage: manifest.homepage, bugs: manifest.bugs }).toEqual({
        repository: undefined,
        homepage: undefined,
        bugs: undefined,
      });
      return;
    }
    expect(manifest.repository).toEqual({ type: 'git', url: rootRepositoryUrl, directory: `packages/${dir}` });
    expect(manifest.homepage).toBe(rootManifest.homepage);
    expect(manifest.bugs).toEqual(rootManifest.bugs);
  });

  it('`pnpm pack:release` packs exactly the publishable packages: packages/* are public, every other workspace package private', () => {
    // `pnpm -r pack` packs private packages too (pnpm's pack ignores `private`), so releases pack
    // through this script, whose filter is the folder that holds every publishable package.
    expect((rootManifest as Manifest & { scripts: Record<string, string> }).scripts['pack:release']).toBe(
      'pnpm -r --filter "./packages/*" pack --pack-destination .cache/packs',
    );
    const workspace = readFileSync(join(repoRoot, 'pnpm-workspace.yaml'), 'utf8');
    const globs = [...workspace.matchAll(/^\s+-\s+(\S+)\s*$/gm)].map((match) => match[1] as string);
    expect(globs).toContain('packages/*');
    const others = globs
      .filter((glob) => glob !== 'packages/*')
      .flatMap((glob) =>
        glob.endsWith('/*')
          ? readdirSync(join(repoRoot, glob.slice(0, -2)), { withFileTypes: true })
              .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, glob.slice(0, -2), entry.name, 'package.json')))
              .map((entry) => `${glob.slice(0, -2)}/${entry.name}`)
          : [glob],
      );
    expect(others.length).toBeGreaterThan(0);
    const manifestOf = (dir: string) => JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) as Manifest;
    expect(others.filter((dir) => manifestOf(dir).private !== true)).toEqual([]);
    expect(packages.filter((dir) => manifestOf(`packages/${dir}`).private === true)).toEqual([]);
  });

  it('the root LICENSE is the Apache License 2.0 the manifests declare', () => {
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });
});
