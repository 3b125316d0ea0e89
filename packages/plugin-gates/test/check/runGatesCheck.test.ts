import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectGateMetrics, parseQualityGateContract, runGatesCheck, toGatesJsonReport } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

async function reportsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gates-check-'));
  for (const [to, from] of Object.entries(files)) {
    await mkdir(join(dir, to, '..'), { recursive: true });
    await cp(fixturePath(from), join(dir, to));
  }
  return dir;
}

describe('collectGateMetrics', () => {
  it('reads every kind of report the contract needs', async () => {
    const dir = await reportsDir({
      'coverage/coverage-summary.json': 'istanbul/coverage-summary.v8.json',
      'mutation/mutation.json': 'stryker/mutation.all-statuses.json',
      'audit.json': 'audit/pnpm-audit.json',
      'flake.json': 'flake/flake.json',
      'bench.jsonl': 'bench/bench-output.txt',
    });
    await writeFile(join(dir, 'rubric.json'), JSON.stringify({ version: 1, items: [{ id: 'ok', title: 'ok', weight: 1, run: 'true' }] }));
    const contract = parseQualityGateContract({
      version: 1,
      rubric: join(dir, 'rubric.json'),
      gates: {
        'coverage.lines': { min: 1 },
        'mutation.score': { min: 1 },
        'vulnerabilities.high': { max: 1 },
        'flake.rate': { max: 50, minRuns: 3 },
        'latency.p95': { max: 100, case: 'sqlite' },
        'error.rate': { max: 1 },
        'ops.readiness': { min: 100 },
      },
      packages: { 'packages/kernel': { 'coverage.lines': { min: 10 } } },
    });
    const { metrics, readiness } = await collectGateMetrics(contract, { root: '/work/main', reportsDir: dir });
    const known = metrics.flatMap((m) => (m.value === null ? [] : [`${m.gate}@${m.scope}=${Number(m.value.toFixed(2))}`]));
    expect(known).toEqual([
      'coverage.lines@total=14.28',
      'coverage.lines@packages/kernel=14.28',
      'coverage.branches@total=13.11',
      'coverage.branches@packages/kernel=13.11',
      'mutation.score@total=80',
      'mutation.score@packages/kernel=80',
      'vulnerabilities.critical@total=0',
      'vulnerabilities.high@total=1',
      'flake.rate@total=33.33',
      'latency.p95@memory.search/sqlite=31.4',
      'error.rate@memory.search/sqlite=0',
      'error.rate@memory.search/pglite=0.4',
      'ops.readiness@total=100',
    ]);
    expect(readiness?.items).toHaveLength(1);
  });

  it('makes gates unknown when their report is missing or no rubric is named', async () => {
    const contract = parseQualityGateContract({
      version: 1,
      gates: { 'coverage.branches': { min: 1 }, 'latency.p95': { max: 1 }, 'ops.readiness': { min: 1 }, 'flake.rate': { max: 1 } },
    });
    const dir = await mkdtemp(join(tmpdir(), 'gates-check-'));
    const { metrics } = await collectGateMetrics(contract, { root: dir, reportsDir: dir });
    expect(metrics.filter((m) => m.gate !== 'coverage.lines').map((m) => [m.gate, m.value, m.reason])).toEqual([
      ['coverage.branches', null, `report ${join(dir, 'coverage/coverage-summary.json')} not found`],
      ['flake.rate', null, `report ${join(dir, 'flake.json')} not found`],
      ['latency.p95', null, `report ${join(dir, 'bench.jsonl')} not found`],
      ['ops.readiness', null, 'the contract names no rubric file'],
    ]);
  });
});

describe('runGatesCheck', () => {
  it('loads the contract, checks, and with update writes the baseline; the JSON report carries it all', async () => {
    const dir = await reportsDir({ 'audit.json': 'audit/pnpm-audit.clean.json' });
    await writeFile(
      join(dir, 'gates.json'),
      JSON.stringify({ version: 1, baseline: 'base/baseline.json', gates: { 'vulnerabilities.critical': { max: 0 } } }),
    );
    const first = await runGatesCheck({ contract: 'gates.json', root: dir, reportsDir: dir, update: true });
    expect(first.check.passed).toBe(true);
    expect(first.baselineFile).toBe(join(dir, 'base', 'baseline.json'));
    expect(first.baselineChanges).toEqual([{ key: 'vulnerabilities.critical', from: null, to: 0 }]);
    const again = await runGatesCheck({ contract: 'gates.json', root: dir, reportsDir: dir, update: true });
    expect(again.baselineChanges).toEqual([]);
    expect(again.check.results[0]?.baseline).toBe(0);
    expect(toGatesJsonReport(again.check, again.baselineChanges)).toEqual({
      version: 1,
      passed: true,
      results: again.check.results,
      violations: [],
      baselineChanges: [],
    });
  });
});
