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
}

describe('package manifests', () => {
  it('finds the packages', () => {
    expect(packages).toContain('cli');
    expect(packages).toContain('kernel');
  });

  it.each(packages)('%s: LICENSE, description, engines, ESM exports, and no build state in its files', (dir) => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'packages', dir, 'package.json'), 'utf8')) as Manifest;
    expect(manifest.name).toBe(`@cortex-os/${dir}`);
    expect(manifest.license).toBe('Apache-2.0');
    expect(readFileSync(join(repoRoot, 'packages', dir, 'LICENSE'), 'utf8')).toBe(readFileSync(join(repoRoot, 'LICENSE'), 'utf8'));
    expect(manifest.description?.length ?? 0).toBeGreaterThan(20);
    expect(manifest.type).toBe('module');
    expect(manifest.engines?.node).toBe('>=22.12');
    expect(Object.keys(manifest.exports ?? {})).toContain('./package.json');
    expect(manifest.files).toEqual(expect.arrayContaining(['dist', '!dist/.tsbuildinfo', '!dist/api-temp', 'README.md']));
  });

  it('the root LICENSE is the Apache License 2.0 the manifests declare', () => {
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
  });
});
