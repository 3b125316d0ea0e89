import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { builtFile } from '../support/builtFile.js';

builtFile('packages/plugin-tasks/dist/index.js');

const packageDir = join(import.meta.dirname, '../../packages/plugin-tasks');
const snippets = [...readFileSync(join(packageDir, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');

describe('the plugin-tasks README', () => {
  it.each(snippets.map((code, i) => [i, code] as const))('snippet %i runs and prints what its comments say', (i, code) => {
    // Inside the package, so `@cortex-os/plugin-tasks` resolves to its build by self-reference.
    const file = join(packageDir, `.readme-snippet-${i}.ts`);
    writeFileSync(file, code);
    onTestFinished(() => rmSync(file, { force: true }));
    const printed = execFileSync(process.execPath, [file], { encoding: 'utf8' });
    const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThan(0);
    expect(printed.replace(/\s+/g, ' ').trim()).toBe(expected.join(' ').replace(/\s+/g, ' ').trim());
  });
});
