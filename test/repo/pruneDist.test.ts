// scripts/prune-dist.mjs: outputs of deleted sources leave dist/ before the build, so packed
// tarballs never ship them (their maps would name sources that do not exist).
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without declarations
import { pruneStaleOutputs } from '../../scripts/prune-dist.mjs';

const root = mkdtempSync(join(tmpdir(), 'prune-dist-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
}

describe('prune-dist', () => {
  it('removes the outputs of deleted sources only, keeping api-temp and every other file', () => {
    for (const file of ['src/index.ts', 'src/home/kept.ts']) write(join(root, file));
    const outputs = ['index.js', 'index.js.map', 'index.d.ts', 'index.d.ts.map', 'home/kept.js', 'home/gone.js', 'home/gone.d.ts.map'];
    for (const file of [...outputs, 'api-temp/x.d.ts', '.tsbuildinfo', 'data.json']) write(join(root, 'dist', file));
    expect(pruneStaleOutputs(root, { dryRun: true })).toEqual(['home/gone.d.ts.map', 'home/gone.js']);
    expect(existsSync(join(root, 'dist', 'home', 'gone.js'))).toBe(true);
    expect(pruneStaleOutputs(root)).toEqual(['home/gone.d.ts.map', 'home/gone.js']);
    expect(['home/gone.js', 'home/gone.d.ts.map'].map((file) => existsSync(join(root, 'dist', file)))).toEqual([false, false]);
    expect(
      ['index.js', 'home/kept.js', 'api-temp/x.d.ts', '.tsbuildinfo', 'data.json'].every((file) => existsSync(join(root, 'dist', file))),
    ).toBe(true);
    expect(pruneStaleOutputs(root)).toEqual([]);
  });

  it('leaves a package without sources or without dist alone', () => {
    expect(pruneStaleOutputs(join(root, 'nothing-here'))).toEqual([]);
  });
});
