import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CortexError } from '@cortex-os/kernel';
import { collectGateMetrics, enforceGates, evalMeasurements, parseEvalReport, parseQualityGateContract } from '@cortex-os/plugin-gates';
import { describe, expect, it } from 'vitest';

const report = (passed: number, total: number, successRate = 100) => ({ kind: 'cortex-eval', total, passed, successRate, cases: [] });

async function evalDir(value: unknown): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gates-eval-'));
  await writeFile(join(dir, 'eval.json'), JSON.stringify(value));
  return dir;
}

describe('eval.successRate gate', () => {
  it('recomputes the rate from the counts, never trusting the stored successRate', () => {
    expect(evalMeasurements(parseEvalReport(report(3, 4), 'eval.json'))).toEqual([
      { gate: 'eval.successRate', scope: 'total', scopeKind: 'total', source: 'eval.json', value: 75, field: 'passed/total' },
    ]);
    expect(evalMeasurements(parseEvalReport(report(0, 0), 'eval.json'))[0]?.value).toBeNull();
  });

  it('rejects a report with a bad kind or counts, naming the field', () => {
    for (const [bad, field] of [
      [{ ...report(1, 2), kind: 'other' }, 'kind'],
      [report(3, 2), 'passed'],
      [{ ...report(1, 2), total: -1 }, 'total'],
      [[], 'kind'],
    ] as const) {
      expect(() => parseEvalReport(bad, 'eval.json')).toThrow(
        expect.objectContaining({ code: 'GATES_REPORT_INVALID', details: { file: 'eval.json', field } }),
      );
    }
    expect(
      CortexError.is(
        (() => {
          try {
            parseEvalReport(null, 'x');
          } catch (e) {
            return e;
          }
        })(),
        'GATES_REPORT_INVALID',
      ),
    ).toBe(true);
  });

  it('fails below the minimum and passes at it, reading the report from the reports folder', async () => {
    const contract = parseQualityGateContract({ version: 1, gates: { 'eval.successRate': { min: 80 } } });
    const low = await collectGateMetrics(contract, { root: '.', reportsDir: await evalDir(report(3, 4)) });
    expect(enforceGates(low.metrics, contract).passed).toBe(false);
    const high = await collectGateMetrics(contract, { root: '.', reportsDir: await evalDir(report(4, 5)) });
    expect(high.metrics.map((m) => m.value)).toEqual([80]);
    expect(enforceGates(high.metrics, contract).passed).toBe(true);
  });

  it('is unknown, not a pass, when the report is missing', async () => {
    const contract = parseQualityGateContract({ version: 1, gates: { 'eval.successRate': { min: 80, onUnknown: 'fail' } } });
    const dir = await mkdtemp(join(tmpdir(), 'gates-eval-'));
    const { metrics } = await collectGateMetrics(contract, { root: '.', reportsDir: dir });
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.value).toBeNull();
    expect(enforceGates(metrics, contract).passed).toBe(false);
  });
});
