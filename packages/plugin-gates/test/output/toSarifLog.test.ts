import { describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { enforceGates, gateIds, parseQualityGateContract, toSarifLog } from '@cortex-os/plugin-gates';

describe('toSarifLog', () => {
  const contract = parseQualityGateContract({
    version: 1,
    gates: { 'coverage.lines': { min: 90 }, 'vulnerabilities.high': { max: 0, onUnknown: 'warn' }, 'mutation.score': { min: 50 } },
  });
  const check = enforceGates(
    [
      {
        gate: 'coverage.lines',
        scope: 'total',
        scopeKind: 'total',
        value: 80,
        source: '/repo/.cache/reports/coverage/coverage-summary.json',
        field: 'total.lines',
      },
      {
        gate: 'vulnerabilities.high',
        scope: 'total',
        scopeKind: 'total',
        value: null,
        source: '/repo/.cache/reports/audit.json',
        reason: 'audit could not run',
      },
    ],
    contract,
  );

  it('writes SARIF 2.1.0 with one stable rule per gate and one result per violation', () => {
    const log: Log = toSarifLog(check, { root: '/repo', toolVersion: '0.1.0' }) as Log;
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0]!;
    expect(run.tool.driver.name).toBe('cortex-gates');
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(gateIds);
    expect(run.results?.map((r) => [r.ruleId, r.level, r.locations?.[0]?.physicalLocation?.artifactLocation?.uri, r.message.text])).toEqual(
      [
        ['coverage.lines', 'error', '.cache/reports/coverage/coverage-summary.json', 'coverage.lines is 80%, the contract wants >= 90%'],
        [
          'mutation.score',
          'error',
          undefined,
          'mutation.score is unknown (no mutation report was read); the contract says fail on unknown',
        ],
        [
          'vulnerabilities.high',
          'warning',
          '.cache/reports/audit.json',
          'vulnerabilities.high is unknown (audit could not run); the contract says warn on unknown',
        ],
      ],
    );
    for (const r of run.results ?? []) expect(run.tool.driver.rules?.[r.ruleIndex!]?.id).toBe(r.ruleId);
    expect(run.results?.[0]?.properties).toEqual({
      scope: 'total',
      kind: 'threshold',
      measured: 80,
      threshold: 90,
      unit: '%',
      field: 'total.lines',
    });
    expect(run.results?.[0]?.partialFingerprints).toEqual({ 'cortexGates/v1': 'coverage.lines@total:threshold' });
  });
});
