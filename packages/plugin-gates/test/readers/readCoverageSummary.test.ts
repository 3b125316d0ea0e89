import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CortexError } from '@cortex-os/kernel';
import { coverageMeasurements, coveragePercent, parseCoverageSummary, readCoverageSummary } from '@cortex-os/plugin-gates';
import { fixturePath } from '../fixturePath.js';

describe('readCoverageSummary', () => {
  it('reads the v8 provider summary and recomputes pct from the counts', async () => {
    const summary = await readCoverageSummary(fixturePath('istanbul/coverage-summary.v8.json'), '/work/main');
    expect(summary?.total.lines).toEqual({ total: 154, covered: 22, pct: 14.28 });
    expect(summary?.total.branches).toEqual({ total: 122, covered: 16, pct: 13.11 });
    expect(summary?.files.map((f) => f.path)).toContain('packages/kernel/src/container/Token.ts');
  });

  it('treats a "Unknown" pct as unknown when there is nothing to cover, and ignores it otherwise', async () => {
    const summary = await readCoverageSummary(fixturePath('istanbul/coverage-summary.unknown-pct.json'), '/repo');
    expect(summary?.total.lines.pct).toBe(75);
    expect(summary?.total.branches.pct).toBeNull();
    const m = coverageMeasurements(summary!, ['packages/kernel']);
    expect(m.find((x) => x.gate === 'coverage.branches' && x.scope === 'total')).toMatchObject({
      value: null,
      reason: 'no branches to cover (total is 0)',
    });
    expect(m.find((x) => x.gate === 'coverage.lines' && x.scope === 'packages/kernel')).toMatchObject({
      scopeKind: 'package',
      value: 75,
    });
  });

  it('v8 writes pct 100 for empty files; the reader does not trust it', async () => {
    const summary = await readCoverageSummary(fixturePath('istanbul/coverage-summary.v8.json'), '/work/main');
    const index = summary?.files.find((f) => f.path === 'packages/kernel/src/index.ts');
    expect(index?.lines).toEqual({ total: 0, covered: 0, pct: null });
  });

  it('aggregates a package from the counts of its files, not from their percentages', () => {
    const file = (total: number, covered: number) => ({
      lines: { total, covered, skipped: 0, pct: 0 },
      branches: { total: 0, covered: 0, skipped: 0, pct: 'Unknown' },
    });
    const summary = parseCoverageSummary(
      { total: file(110, 100), '/r/packages/a/x.ts': file(100, 100), '/r/packages/a/y.ts': file(10, 0), '/r/packages/ab/z.ts': file(0, 0) },
      'c.json',
      '/r',
    );
    const [pkg] = coverageMeasurements(summary, ['packages/a']).filter((m) => m.scope === 'packages/a');
    expect(pkg?.value).toBe(90.9);
    expect(pkg?.reason).toBe('100/110 lines covered in 2 files');
  });

  it('returns null for a missing file', async () => {
    expect(await readCoverageSummary(fixturePath('istanbul/nope.json'), '/')).toBeNull();
  });

  it('names the file and field of a bad count', () => {
    const bad = { total: { lines: { total: 10, covered: 11, pct: 110 }, branches: { total: 0, covered: 0, pct: 100 } } };
    let caught: unknown;
    try {
      parseCoverageSummary(bad, 'cov.json', '/');
    } catch (error) {
      caught = error;
    }
    expect(CortexError.is(caught, 'GATES_REPORT_INVALID')).toBe(true);
    expect((caught as Error).message).toMatchInlineSnapshot(
      `"report cov.json: field total.lines.covered should be an integer between 0 and total (10), got 11"`,
    );
    expect((caught as CortexError).details).toEqual({ file: 'cov.json', field: 'total.lines.covered' });
  });

  it('coveragePercent matches the istanbul formula and stays within 0..100', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (total, share) => {
        const covered = Math.floor(total * share);
        const pct = coveragePercent(covered, total);
        expect(pct).not.toBeNull();
        expect(pct!).toBeGreaterThanOrEqual(0);
        expect(pct!).toBeLessThanOrEqual(100);
        expect(pct!).toBeLessThanOrEqual((covered / total) * 100 + 1e-9);
        expect(Math.round(pct! * 100)).toBeCloseTo(pct! * 100, 6);
      }),
      { seed: 7, numRuns: 300 },
    );
    expect(coveragePercent(0, 0)).toBeNull();
  });

  it('accepts any pct value (number, string, missing) as long as the counts are sound', () => {
    const pctArb = fc.oneof(fc.constant('Unknown'), fc.double(), fc.string(), fc.constant(null), fc.constant(undefined));
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1000), pctArb, (a, b, pct) => {
        const [covered, total] = a <= b ? [a, b] : [b, a];
        const metric = { total, covered, skipped: 0, pct };
        const s = parseCoverageSummary({ total: { lines: metric, branches: metric } }, 'c.json', '/');
        expect(s.total.lines.pct).toBe(coveragePercent(covered, total));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
