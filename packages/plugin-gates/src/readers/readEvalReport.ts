import type { GateMeasurement } from './GateMeasurement.js';
import { invalidReport, isRecord, readJsonReport } from './readJsonReport.js';

/**
 * What an eval report (`kind: 'cortex-eval'`, as `runEvals` of `@cortex-os/plugin-cerebrum` writes it) says.
 * @public
 */
export interface EvalSummary {
  /** The report file. */
  readonly source: string;
  readonly total: number;
  readonly passed: number;
}

function count(value: unknown, source: string, field: string, max?: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0 || (max !== undefined && (value as number) > max)) {
    invalidReport(source, field, max === undefined ? 'a non-negative integer' : `an integer from 0 to ${max}`, value);
  }
  return value as number;
}

/**
 * Checks an eval report's counts; the stored `successRate` is not trusted, the gate recomputes it.
 *
 * @throws {@link GatesError} `GATES_REPORT_INVALID` naming the field.
 * @public
 */
export function parseEvalReport(value: unknown, source: string): EvalSummary {
  if (!isRecord(value) || value.kind !== 'cortex-eval')
    invalidReport(source, 'kind', '"cortex-eval"', isRecord(value) ? value.kind : value);
  const total = count(value.total, source, 'total');
  return { source, total, passed: count(value.passed, source, 'passed', total) };
}

/**
 * Reads an eval report; `null` when the file does not exist.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE` or `GATES_REPORT_INVALID`.
 * @public
 */
export async function readEvalReport(file: string): Promise<EvalSummary | null> {
  const read = await readJsonReport(file);
  return read.found ? parseEvalReport(read.value, file) : null;
}

/**
 * The `eval.successRate` measurement: passed / total × 100; unknown when no case ran.
 * @public
 */
export function evalMeasurements(summary: EvalSummary): GateMeasurement[] {
  const base = { gate: 'eval.successRate', scope: 'total', scopeKind: 'total', source: summary.source } as const;
  if (summary.total === 0) return [{ ...base, value: null, reason: 'the eval report holds no case' }];
  return [{ ...base, value: (summary.passed / summary.total) * 100, field: 'passed/total' }];
}
