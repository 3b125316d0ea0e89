import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { loadQualityGateContract, parseQualityGateContract, resolveGateSettings } from '@cortex-os/plugin-gates';

describe('parseQualityGateContract', () => {
  it('fills in defaults', () => {
    const c = parseQualityGateContract({ version: 1, gates: { 'coverage.lines': { min: 90 } } });
    expect(c.gates['coverage.lines']).toEqual({ min: 90, level: 'required', onUnknown: 'fail', tolerance: 0, ratchet: true });
    expect(c.reports).toEqual({
      coverage: 'coverage/coverage-summary.json',
      mutation: 'mutation/mutation.json',
      audit: 'audit.json',
      flake: 'flake.json',
      bench: 'bench.jsonl',
      eval: 'eval.json',
    });
    expect(c.baseline).toBe('.eng/quality_baseline.json');
    expect(c.packages).toEqual({});
  });

  it('lists every bad field at once, with dotted paths', () => {
    try {
      parseQualityGateContract(
        {
          version: 2,
          gates: { 'coverage.lines': { min: 120 }, 'vulnerabilities.high': { min: 0 }, 'coverage.typo': {} },
          packages: { '/abs/': {} },
        },
        '.eng/quality_gate.json',
      );
      expect.unreachable();
    } catch (error) {
      expect(CortexError.is(error, 'GATES_CONTRACT_INVALID')).toBe(true);
      expect((error as Error).message).toMatchInlineSnapshot(`
        "contract .eng/quality_gate.json is invalid:
          - version: Invalid input: expected 1
          - gates.coverage.lines.min: Too big: expected number to be <=100
          - gates.vulnerabilities.high.max: Invalid input: expected number, received undefined
          - gates.vulnerabilities.high: Unrecognized key: "min"
          - gates: Unrecognized key: "coverage.typo"
          - packages./abs/: invalid key: a project-relative folder without leading or trailing slash"
      `);
      expect((error as CortexError).details).toMatchObject({ file: '.eng/quality_gate.json', field: 'version' });
    }
  });

  it('loads from a file, and says when the file is missing or not JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gates-contract-'));
    await writeFile(join(dir, 'ok.json'), JSON.stringify({ version: 1, gates: {} }));
    await writeFile(join(dir, 'bad.json'), '{ "version": 1,');
    expect((await loadQualityGateContract(join(dir, 'ok.json'))).version).toBe(1);
    const missing = await loadQualityGateContract(join(dir, 'none.json')).catch((e: unknown) => e);
    expect(CortexError.is(missing, 'GATES_CONTRACT_UNREADABLE')).toBe(true);
    const bad = await loadQualityGateContract(join(dir, 'bad.json')).catch((e: unknown) => e);
    expect(CortexError.is(bad, 'GATES_CONTRACT_UNREADABLE')).toBe(true);
    expect((bad as Error).message).toMatch(/is not valid JSON/);
  });
});

describe('resolveGateSettings', () => {
  const c = parseQualityGateContract({
    version: 1,
    gates: { 'coverage.lines': { min: 90, level: 'warn', target: 95 }, 'vulnerabilities.high': { max: 2 } },
    packages: { 'packages/kernel': { 'coverage.lines': { min: 98, level: 'required' }, 'mutation.score': { min: 60 } } },
  });

  it('merges a package override over the project-wide gate', () => {
    expect(resolveGateSettings(c, 'coverage.lines', 'packages/kernel', 'package')).toEqual({
      threshold: 98,
      level: 'required',
      onUnknown: 'fail',
      tolerance: 0,
      ratchet: true,
      target: 95,
    });
    expect(resolveGateSettings(c, 'mutation.score', 'packages/kernel', 'package')).toMatchObject({ threshold: 60 });
  });

  it('checks package scopes only when overridden, and unconfigured gates never', () => {
    expect(resolveGateSettings(c, 'coverage.lines', 'packages/other', 'package')).toBeUndefined();
    expect(resolveGateSettings(c, 'mutation.score', 'total', 'total')).toBeUndefined();
    expect(resolveGateSettings(c, 'vulnerabilities.high', 'total', 'total')).toMatchObject({ threshold: 2 });
  });
});
