import type { GateMeasurement } from './GateMeasurement.js';
import { invalidReport, isRecord, parseReportJson, readReportText } from './readJsonReport.js';

const severities = ['critical', 'high', 'moderate', 'low', 'info'] as const;

/**
 * Vulnerability counts by severity.
 * @public
 */
export type AuditCounts = Readonly<Record<'critical' | 'high' | 'moderate' | 'low' | 'info', number>>;

/**
 * A validated `npm audit --json` or `pnpm audit --json` output: counts, or why there are none.
 * @public
 */
export interface AuditReport {
  /** The audit output file. */
  readonly source: string;
  /** `npm-v2` (npm 7+), `npm-v1` (pnpm and npm 6), or `error` when the tool printed an error object. */
  readonly format: 'npm-v2' | 'npm-v1' | 'error';
  /** `null` when the audit could not run: then every vulnerability gate is unknown, never passed. */
  readonly counts: AuditCounts | null;
  /** The error the audit tool printed, when `counts` is `null`. */
  readonly error?: string;
}

function errorText(value: Record<string, unknown>): string | undefined {
  const { error } = value;
  if (isRecord(error)) {
    const parts = [error.code, error.message ?? error.summary, error.detail].filter((p): p is string => typeof p === 'string' && p !== '');
    const own = typeof value.message === 'string' ? [value.message] : [];
    return [...own, ...parts].join(': ') || 'the audit tool reported an error';
  }
  if (typeof error === 'string') return error;
  if (typeof value.message === 'string' && ('statusCode' in value || 'uri' in value)) return value.message;
  return undefined;
}

/**
 * Validates a parsed audit output. An error object (such as the one npm and pnpm print when the
 * advisory service cannot be reached) yields `counts: null`, so the gate is unknown, never passed.
 *
 * @throws {@link GatesError} `GATES_REPORT_INVALID` when the output is neither counts nor an error.
 * @public
 */
export function parseAuditReport(value: unknown, source: string): AuditReport {
  if (!isRecord(value)) return invalidReport(source, '(root)', 'an audit object', value);
  const metadata = value.metadata;
  if (isRecord(metadata) && metadata.vulnerabilities !== undefined) {
    const v = metadata.vulnerabilities;
    if (!isRecord(v)) return invalidReport(source, 'metadata.vulnerabilities', 'an object of counts', v);
    const counts = {} as Record<(typeof severities)[number], number>;
    for (const s of severities) {
      const n = v[s] ?? (s === 'info' ? 0 : undefined);
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
        return invalidReport(source, `metadata.vulnerabilities.${s}`, 'a non-negative integer', n);
      counts[s] = n;
    }
    const sum = severities.reduce((acc, s) => acc + counts[s], 0);
    if (v.total !== undefined && v.total !== sum)
      return invalidReport(source, 'metadata.vulnerabilities.total', `the sum of the severities (${sum})`, v.total);
    return { source, format: value.auditReportVersion === 2 ? 'npm-v2' : 'npm-v1', counts };
  }
  const error = errorText(value);
  if (error !== undefined) return { source, format: 'error', counts: null, error };
  return invalidReport(source, 'metadata.vulnerabilities', 'an object of counts (or an audit error object)', undefined);
}

/**
 * Reads an audit output file; `null` when it does not exist. An empty file (the audit printed
 * nothing) counts as an audit that could not run.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE` or `GATES_REPORT_INVALID`.
 * @public
 */
export async function readAuditReport(file: string): Promise<AuditReport | null> {
  const read = await readReportText(file);
  if (!read.found) return null;
  if (read.text.trim() === '') return { source: file, format: 'error', counts: null, error: 'the audit printed nothing' };
  return parseAuditReport(parseReportJson(read.text, file), file);
}

/**
 * The critical and high vulnerability measurements; unknown when the audit could not run.
 * @public
 */
export function auditMeasurements(report: AuditReport): GateMeasurement[] {
  return (['critical', 'high'] as const).map((s) => ({
    gate: s === 'critical' ? ('vulnerabilities.critical' as const) : ('vulnerabilities.high' as const),
    scope: 'total',
    scopeKind: 'total' as const,
    value: report.counts === null ? null : report.counts[s],
    source: report.source,
    field: `metadata.vulnerabilities.${s}`,
    reason: report.counts === null ? `audit could not run: ${report.error ?? 'unknown error'}` : `${report.format} audit report`,
  }));
}
