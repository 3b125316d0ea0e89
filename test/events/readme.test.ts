import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';

builtFile('packages/plugin-events/dist/index.js');
builtFile('packages/sql-driver/dist/index.js');

describe.each(['plugin-events', 'sql-driver'])('the %s README', (pkg) => {
  const packageDir = join(import.meta.dirname, '../../packages', pkg);
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const snippets = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

  it.each(snippets.map((code, i) => [i, code] as const))(
    'snippet %i runs and prints what its comments say',
    (i, code) => {
      // Inside the package, so `@cortex-os/<pkg>` resolves to its build by self-reference.
      const file = join(packageDir, `.readme-snippet-${i}.ts`);
      writeFileSync(file, code);
      onTestFinished(() => rmSync(file, { force: true }));
      // A snippet starts a whole runtime in a fresh Node: beside other suites on a loaded 2-core runner that took over 20 s.
      const printed = execFileSync(process.execPath, [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 45_000 });
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
      expect(expected.length).toBeGreaterThan(0);
      expect(printed.trim().split('\n')).toEqual(expected);
    },
    50_000,
  );
});
