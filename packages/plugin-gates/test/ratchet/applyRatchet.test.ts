import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyRatchet,
  enforceGates,
  gateCatalogue,
  parseQualityGateContract,
  type GateBaseline,
  type GateId,
  type GateMeasurement,
} from '@cortex-os/plugin-gates';

const gates = {
  'coverage.lines': { min: 50, tolerance: 0.5 },
  'vulnerabilities.high': { max: 5 },
  'latency.p95': { max: 100, tolerance: 10, level: 'warn' as const },
  'mutation.score': { min: 10, ratchet: false },
};
const contract = parseQualityGateContract({ version: 1, gates });
/** The contract with only the gates a test measures, so the others are not unknown. */
const only = (...ids: (keyof typeof gates)[]) =>
  parseQualityGateContract({ version: 1, gates: Object.fromEntries(ids.map((id) => [id, gates[id]])) });
const m = (gate: GateId, value: number | null, scope = 'total', scopeKind: GateMeasurement['scopeKind'] = 'total'): GateMeasurement => ({
  gate,
  scope,
  scopeKind,
  value,
  source: 'r.json',
});
const baseline = (gates: Record<string, number>): GateBaseline => ({
  version: 1,
  gates: Object.fromEntries(Object.entries(gates).map(([k, value]) => [k, { value, unit: gateCatalogue[k.split('@')[0] as GateId].unit }])),
});

describe('applyRatchet', () => {
  it('fails a measurement worse than the baseline beyond the tolerance, in the gate direction', () => {
    const c = only('coverage.lines', 'vulnerabilities.high');
    const check = enforceGates([m('coverage.lines', 80), m('vulnerabilities.high', 2)], c);
    const out = applyRatchet(check, c, baseline({ 'coverage.lines': 81, 'vulnerabilities.high': 1 }), { update: false });
    expect(out.check.passed).toBe(false);
    expect(out.check.violations.map((v) => [v.gate, v.kind, v.threshold, v.measured, v.severity])).toEqual([
      ['coverage.lines', 'ratchet', 80.5, 80, 'error'],
      ['vulnerabilities.high', 'ratchet', 1, 2, 'error'],
    ]);
    expect(out.check.violations[0]?.message).toBe('coverage.lines fell to 80% from the baseline 81% (tolerance 0.5)');
    expect(out.check.results.map((r) => [r.status, r.baseline])).toEqual([
      ['fail', 81],
      ['fail', 1],
    ]);
    expect(out.changes).toEqual([]);
  });

  it('accepts a slip within the tolerance, and a warn-level gate only warns', () => {
    const c = only('coverage.lines', 'latency.p95');
    const check = enforceGates([m('coverage.lines', 80.6), m('latency.p95', 95, 'b/c', 'case')], c);
    const out = applyRatchet(check, c, baseline({ 'coverage.lines': 81, 'latency.p95@b/c': 50 }), { update: false });
    expect(out.check.passed).toBe(true);
    expect(out.check.violations.map((v) => [v.gate, v.severity])).toEqual([['latency.p95', 'warning']]);
    expect(out.check.results.map((r) => r.status)).toEqual(['pass', 'warn']);
  });

  it('--update raises a better value and writes a first one, and never lowers', () => {
    const check = enforceGates(
      [m('coverage.lines', 90), m('vulnerabilities.high', 0), m('latency.p95', 200, 'b/c', 'case'), m('mutation.score', 70)],
      contract,
    );
    const out = applyRatchet(check, contract, baseline({ 'coverage.lines': 85, 'latency.p95@b/c': 60 }), { update: true });
    expect(out.changes).toEqual([
      { key: 'coverage.lines', from: 85, to: 90 },
      { key: 'vulnerabilities.high', from: null, to: 0 },
    ]);
    expect(out.baseline.gates['latency.p95@b/c']?.value).toBe(60);
    expect(out.baseline.gates['mutation.score']).toBeUndefined();
  });

  it('leaves the baseline alone for unknown measurements', () => {
    const c = only('coverage.lines');
    const check = enforceGates([m('coverage.lines', null)], c);
    const out = applyRatchet(check, c, baseline({ 'coverage.lines': 85 }), { update: true });
    expect(out.baseline.gates['coverage.lines']?.value).toBe(85);
    expect(out.check.violations.map((v) => v.kind)).toEqual(['unknown']);
  });

  it('never moves a baseline to a worse value, and an updated baseline accepts the run that set it', () => {
    const gateArb = fc.constantFrom<GateId>('coverage.lines', 'vulnerabilities.high', 'latency.p95');
    fc.assert(
      fc.property(
        fc.array(fc.record({ gate: gateArb, value: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }) }), { maxLength: 6 }),
        fc.dictionary(gateArb, fc.integer({ min: 0, max: 100 })),
        (ms, base) => {
          const unique = [...new Map(ms.map((x) => [x.gate, x])).values()];
          const metrics = unique.map((x) => (x.gate === 'latency.p95' ? m(x.gate, x.value, 'b/c', 'case') : m(x.gate, x.value)));
          const keyOf = (g: GateId) => (g === 'latency.p95' ? 'latency.p95@b/c' : g);
          const before = baseline(Object.fromEntries(Object.entries(base).map(([g, v]) => [keyOf(g as GateId), v])));
          const out = applyRatchet(enforceGates(metrics, contract), contract, before, { update: true });
          for (const [key, entry] of Object.entries(before.gates)) {
            const gate = key.split('@')[0] as GateId;
            const after = out.baseline.gates[key]!.value;
            expect(gateCatalogue[gate].direction === 'min' ? after >= entry.value : after <= entry.value).toBe(true);
          }
          const again = applyRatchet(enforceGates(metrics, contract), contract, out.baseline, { update: false });
          expect(again.check.violations.filter((v) => v.kind === 'ratchet').length).toBe(
            out.check.violations.filter((v) => v.kind === 'ratchet').length,
          );
          if (out.changes.length > 0) expect(again.changes).toEqual([]);
        },
      ),
      { seed: 21, numRuns: 300 },
    );
  });
});
