import { describe, expect, it } from 'vitest';
import { applyRatchet, enforceGates, formatGateTable, parseQualityGateContract } from '@cortex-os/plugin-gates';

describe('formatGateTable', () => {
  const contract = parseQualityGateContract({
    version: 1,
    gates: { 'coverage.lines': { min: 90, target: 95 }, 'vulnerabilities.critical': { max: 0, onUnknown: 'warn' } },
  });
  const check = applyRatchet(
    enforceGates(
      [
        { gate: 'coverage.lines', scope: 'total', scopeKind: 'total', value: 91.25, source: 'coverage-summary.json' },
        {
          gate: 'vulnerabilities.critical',
          scope: 'total',
          scopeKind: 'total',
          value: null,
          source: 'audit.json',
          reason: 'audit could not run',
        },
      ],
      contract,
    ),
    contract,
    { version: 1, gates: { 'coverage.lines': { value: 91, unit: '%' } } },
    { update: false },
  ).check;

  it('prints an aligned text table and every violation', () => {
    expect(formatGateTable(check)).toMatchInlineSnapshot(`
      "Gate                      Scope  Measured  Threshold  Baseline  Target  Status  Source
      ------------------------  -----  --------  ---------  --------  ------  ------  ---------------------
      coverage.lines            total  91.25%    >= 90%     91%       95%     PASS    coverage-summary.json
      vulnerabilities.critical  total  unknown   <= 0       -         -       WARN    audit.json

      WARN [unknown] vulnerabilities.critical is unknown (audit could not run); the contract says warn on unknown (audit.json)
      gates passed: 2 checked, 0 failing, 1 warning"
    `);
  });

  it('shows report paths inside the root relative to it, others as they are', () => {
    const moved = {
      ...check,
      results: check.results.map((r) => ({
        ...r,
        source: r.gate === 'coverage.lines' ? '/repo/.cache/reports/c.json' : '/elsewhere/audit.json',
      })),
    };
    const lines = formatGateTable(moved, { root: '/repo' }).split('\n');
    expect(lines[2]).toMatch(/ \.cache\/reports\/c\.json$/);
    expect(lines[3]).toMatch(/ \/elsewhere\/audit\.json$/);
  });

  it('prints markdown for READMEs', () => {
    expect(formatGateTable(check, { style: 'markdown' }).split('\n').slice(0, 3)).toEqual([
      '| Gate | Scope | Measured | Threshold | Baseline | Target | Status | Source |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      '| coverage.lines | total | 91.25% | >= 90% | 91% | 95% | PASS | coverage-summary.json |',
    ]);
  });
});
