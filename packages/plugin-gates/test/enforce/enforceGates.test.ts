import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { enforceGates, gateCatalogue, gateIds, parseQualityGateContract, type GateId, type GateMeasurement } from '@cortex-os/plugin-gates';

const contract = parseQualityGateContract({
  version: 1,
  gates: {
    'coverage.lines': { min: 90, target: 95 },
    'coverage.branches': { min: 80, level: 'warn' },
    'vulnerabilities.critical': { max: 0, onUnknown: 'warn' },
    'latency.p95': { max: 50 },
  },
  packages: { 'packages/kernel': { 'coverage.lines': { min: 98 } } },
});

const m = (gate: GateId, value: number | null, scope = 'total', scopeKind: GateMeasurement['scopeKind'] = 'total'): GateMeasurement => ({
  gate,
  scope,
  scopeKind,
  value,
  source: `${gate}.json`,
});

describe('enforceGates', () => {
  it('passes when every gate meets its threshold', () => {
    const result = enforceGates(
      [
        m('coverage.lines', 96),
        m('coverage.branches', 85),
        m('vulnerabilities.critical', 0),
        m('latency.p95', 31.4, 'memory.search/sqlite', 'case'),
        m('coverage.lines', 99, 'packages/kernel', 'package'),
      ],
      contract,
    );
    expect(result.passed).toBe(true);
    expect(result.violations).toEqual([]);
    expect(result.results.map((r) => `${r.gate}[${r.scope}]=${r.status}`)).toEqual([
      'coverage.lines[total]=pass',
      'coverage.lines[packages/kernel]=pass',
      'coverage.branches[total]=pass',
      'vulnerabilities.critical[total]=pass',
      'latency.p95[memory.search/sqlite]=pass',
    ]);
  });

  it('lists every violation with gate, threshold, measured value and source', () => {
    const result = enforceGates(
      [
        m('coverage.lines', 89.5),
        m('coverage.branches', 70),
        m('vulnerabilities.critical', null),
        m('latency.p95', 96, 'memory.search/pglite', 'case'),
        m('coverage.lines', 97, 'packages/kernel', 'package'),
        m('coverage.lines', 10, 'packages/other', 'package'),
      ],
      contract,
    );
    expect(result.passed).toBe(false);
    expect(
      result.violations.map(({ gate, scope, kind, severity, threshold, measured, source }) => ({
        gate,
        scope,
        kind,
        severity,
        threshold,
        measured,
        source,
      })),
    ).toEqual([
      {
        gate: 'coverage.lines',
        scope: 'total',
        kind: 'threshold',
        severity: 'error',
        threshold: 90,
        measured: 89.5,
        source: 'coverage.lines.json',
      },
      {
        gate: 'coverage.lines',
        scope: 'packages/kernel',
        kind: 'threshold',
        severity: 'error',
        threshold: 98,
        measured: 97,
        source: 'coverage.lines.json',
      },
      {
        gate: 'coverage.branches',
        scope: 'total',
        kind: 'threshold',
        severity: 'warning',
        threshold: 80,
        measured: 70,
        source: 'coverage.branches.json',
      },
      {
        gate: 'vulnerabilities.critical',
        scope: 'total',
        kind: 'unknown',
        severity: 'warning',
        threshold: 0,
        measured: null,
        source: 'vulnerabilities.critical.json',
      },
      {
        gate: 'latency.p95',
        scope: 'memory.search/pglite',
        kind: 'threshold',
        severity: 'error',
        threshold: 50,
        measured: 96,
        source: 'latency.p95.json',
      },
    ]);
    expect(result.violations[0]?.message).toBe('coverage.lines is 89.50%, the contract wants >= 90%');
    expect(result.violations[3]?.message).toBe('vulnerabilities.critical is unknown (no value); the contract says warn on unknown');
  });

  it('treats a configured gate with no measurement as unknown, which fails by default', () => {
    const result = enforceGates(
      [m('coverage.branches', 85), m('vulnerabilities.critical', 0), m('latency.p95', 1, 'b/c', 'case')],
      contract,
    );
    expect(result.passed).toBe(false);
    expect(result.violations.map((v) => [v.gate, v.scope, v.kind, v.severity, v.source])).toEqual([
      ['coverage.lines', 'total', 'unknown', 'error', '(none)'],
      ['coverage.lines', 'packages/kernel', 'unknown', 'error', '(none)'],
    ]);
  });

  it('ignores gates the contract does not configure', () => {
    const result = enforceGates([m('mutation.score', 1), m('flake.rate', 99)], parseQualityGateContract({ version: 1, gates: {} }));
    expect(result).toEqual({ passed: true, results: [], violations: [] });
  });

  it('is monotonic: a better measurement never turns a pass into a fail', () => {
    const gateArb = fc.constantFrom(...gateIds);
    const contractArb = fc
      .dictionary(
        gateArb,
        fc.record({
          t: fc.double({ min: 0, max: 100, noNaN: true }),
          level: fc.constantFrom('required', 'warn'),
          onUnknown: fc.constantFrom('fail', 'warn'),
        }),
      )
      .map((gates) =>
        parseQualityGateContract({
          version: 1,
          gates: Object.fromEntries(
            Object.entries(gates).map(([g, s]) => {
              const info = gateCatalogue[g as GateId];
              const bound = info.unit === 'count' ? Math.round(s.t) : g === 'latency.p95' ? Math.max(s.t, 0.001) : s.t;
              return [g, { [info.direction]: bound, level: s.level, onUnknown: s.onUnknown }];
            }),
          ),
        }),
      );
    const measurementArb = fc.record({
      gate: gateArb,
      value: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
      improve: fc.double({ min: 0, max: 50, noNaN: true }),
    });
    fc.assert(
      fc.property(contractArb, fc.array(measurementArb, { maxLength: 12 }), fc.nat(11), (c, ms, pick) => {
        const metrics = ms.map((x) => m(x.gate, x.value));
        const before = enforceGates(metrics, c);
        const i = pick % Math.max(ms.length, 1);
        const target = ms[i];
        if (target === undefined || target.value === null) return;
        const better = gateCatalogue[target.gate].direction === 'min' ? target.value + target.improve : target.value - target.improve;
        const after = enforceGates(
          metrics.map((x, j) => (j === i ? { ...x, value: better } : x)),
          c,
        );
        if (before.passed) expect(after.passed).toBe(true);
        expect(after.violations.filter((v) => v.severity === 'error').length).toBeLessThanOrEqual(
          before.violations.filter((v) => v.severity === 'error').length,
        );
      }),
      { seed: 42, numRuns: 400 },
    );
  });
});
