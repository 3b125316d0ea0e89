import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routerPlugin } from '@cortex-os/kernel/router';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { ollamaPlugin } from '@cortex-os/plugin-ollama';

// A plugin's version is its package's, so `kernel.describe()` never disagrees with the manifest.
const packagesDir = join(import.meta.dirname, '..', '..', 'packages');
const versionOf = (pkg: string): string =>
  (JSON.parse(readFileSync(join(packagesDir, pkg, 'package.json'), 'utf8')) as { version: string }).version;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('plugin versions', () => {
  it('come from package.json at run time', () => {
    expect(routerPlugin().version).toBe(versionOf('kernel'));
    expect(ollamaPlugin().version).toBe(versionOf('plugin-ollama'));
    expect(localEmbeddersPlugin().version).toBe(versionOf('plugin-local-embedders'));
  });

  it('are never a literal in a plugin definition', () => {
    const literal = /define(?:Provider)?Plugin\(\{[\s\S]*?\n\s*version: '/;
    const offenders = readdirSync(packagesDir).flatMap((pkg) =>
      sourceFiles(join(packagesDir, pkg, 'src'))
        .filter((file) => literal.test(readFileSync(file, 'utf8').replace(/^\s*\*.*$/gm, '')))
        .map((file) => file.slice(packagesDir.length + 1)),
    );
    expect(offenders).toEqual([]);
  });
});
