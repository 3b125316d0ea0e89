import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createQualityGateJsonSchema, gatesCliUsage, runGatesCli } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { cwd, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
}

describe('runGatesCli (in process)', () => {
  it('prints usage: 0 when asked for, 2 without a command', async () => {
    const a = io(tmpdir());
    expect(await runGatesCli(['--help'], a.io)).toBe(0);
    expect(a.out).toEqual([gatesCliUsage]);
    const b = io(tmpdir());
    expect(await runGatesCli([], b.io)).toBe(2);
    expect(b.err).toEqual([gatesCliUsage]);
  });

  it('rejects an unknown command and a missing --contract with GATES_CLI_USAGE', async () => {
    const a = io(tmpdir());
    expect(await runGatesCli(['frobnicate'], a.io)).toBe(2);
    expect(a.err[0]).toMatch(/^cortex-gates: \[GATES_CLI_USAGE\] unknown command "frobnicate"/);
    const b = io(tmpdir());
    expect(await runGatesCli(['check', '--json'], b.io)).toBe(2);
    expect(b.err[0]).toMatch(/^cortex-gates: \[GATES_CLI_USAGE\] Option '--json <value>' argument missing/);
  });

  it('schema --out writes the JSON Schema', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-cli-'));
    const c = io(dir);
    expect(await runGatesCli(['schema', '--out', 'out/schema.json'], c.io)).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'out/schema.json'), 'utf8'))).toEqual(createQualityGateJsonSchema());
  });

  it('check --update --markdown prints a Markdown table and the raised baseline', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-cli-'));
    await mkdir(join(dir, 'r', 'coverage'), { recursive: true });
    await cp(fixturePath('istanbul/coverage-summary.unknown-pct.json'), join(dir, 'r', 'coverage', 'coverage-summary.json'));
    await writeFile(
      join(dir, 'contract.json'),
      JSON.stringify({
        version: 1,
        baseline: join(dir, 'baseline.json'),
        gates: { 'coverage.lines': { min: 70 } },
        packages: { 'packages/kernel': { 'coverage.lines': { min: 80, level: 'warn' } } },
      }),
    );
    const c = io(dir);
    expect(
      await runGatesCli(
        [
          'check',
          '--contract',
          'contract.json',
          '--reports',
          'r',
          '--root',
          '/repo',
          '--update',
          '--markdown',
          '--sarif',
          join(dir, 'g.sarif'),
        ],
        c.io,
      ),
    ).toBe(0);
    expect(c.out[0]?.split('\n').slice(2, 4)).toEqual([
      `| coverage.lines | total | 75% | >= 70% | 75% | - | PASS | ${join(dir, 'r', 'coverage', 'coverage-summary.json')} |`,
      `| coverage.lines | packages/kernel | 75% | >= 80% | 75% | - | WARN | ${join(dir, 'r', 'coverage', 'coverage-summary.json')} |`,
    ]);
    expect(c.out.slice(1)).toEqual([
      `baseline coverage.lines: none -> 75 (${join(dir, 'baseline.json')})`,
      `baseline coverage.lines@packages/kernel: none -> 75 (${join(dir, 'baseline.json')})`,
    ]);
    expect(JSON.parse(await readFile(join(dir, 'g.sarif'), 'utf8')).runs[0].results).toHaveLength(1);
  });
});
