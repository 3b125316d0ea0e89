// Every package's `/testing` entry must load in a user's runtime without a test runner; a
// runner-specific helper lives in its own `testing/<runner>/` entry, with the runner as an
// optional peer dependency. One check over the whole tree instead of one copy per package.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const runners = ['vitest', 'jest', 'mocha'] as const;
const runnerImport = /from '(vitest|@vitest\/[^']+|jest|@jest\/[^']+|mocha)'/;

interface TestingEntry {
  readonly pkg: string;
  readonly dir: string;
}

function testingEntries(): TestingEntry[] {
  return readdirSync(join(root, 'packages'))
    .map((pkg) => ({ pkg, dir: join(root, 'packages', pkg, 'src', 'testing') }))
    .filter((entry) => existsSync(entry.dir));
}

/** Files under src/testing that import a test runner, outside a `<runner>/` folder of their own. */
function strayRunnerImports(entry: TestingEntry): string[] {
  return readdirSync(entry.dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .filter((file) => runnerImport.test(readFileSync(join(entry.dir, file), 'utf8')))
    .filter((file) => !runners.some((runner) => file.startsWith(`${runner}/`)))
    .map((file) => `${entry.pkg}/src/testing/${file}`);
}

describe('testing entries', () => {
  it('exist in the packages that publish kits', () => {
    expect(testingEntries().map((entry) => entry.pkg)).toEqual(
      expect.arrayContaining(['kernel', 'provider-kit', 'plugin-memory', 'plugin-mcp']),
    );
  });

  it('import no test runner outside a runner-specific entry, so they load in plain Node', () => {
    expect(testingEntries().flatMap(strayRunnerImports)).toEqual([]);
  });

  it('declare the runner of a runner-specific entry as an optional peer dependency', () => {
    for (const entry of testingEntries()) {
      const manifest = JSON.parse(readFileSync(join(root, 'packages', entry.pkg, 'package.json'), 'utf8')) as {
        peerDependencies?: Record<string, string>;
        peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      };
      for (const runner of runners.filter((r) => existsSync(join(entry.dir, r)))) {
        expect(manifest.peerDependencies?.[runner], `${entry.pkg} peerDependencies.${runner}`).toBeDefined();
        expect(manifest.peerDependenciesMeta?.[runner]?.optional, `${entry.pkg} peerDependenciesMeta.${runner}`).toBe(true);
      }
    }
  });
});
