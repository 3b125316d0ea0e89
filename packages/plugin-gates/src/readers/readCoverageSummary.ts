import type { GateMeasurement } from './GateMeasurement.js';
import { invalidReport, isRecord, readJsonReport } from './readJsonReport.js';
import { isInside, toProjectPath } from './projectPath.js';

/**
 * Covered and total counts of one coverage metric, with the percentage computed from them.
 * @public
 */
export interface CoverageCounts {
  /** Items to cover. */
  readonly total: number;
  /** Covered items. */
  readonly covered: number;
  /** Percent as istanbul computes it (floored to two decimals); `null` when there is nothing to cover. */
  readonly pct: number | null;
}

/**
 * Line and branch counts of one file, or of the whole report.
 * @public
 */
export interface CoverageEntry {
  /** Line counts. */
  readonly lines: CoverageCounts;
  /** Branch counts. */
  readonly branches: CoverageCounts;
}

/**
 * A validated istanbul `coverage-summary.json`.
 * @public
 */
export interface CoverageSummary {
  /** The report file. */
  readonly source: string;
  /** The whole report. */
  readonly total: CoverageEntry;
  /** One entry per file, with project-relative paths. */
  readonly files: readonly (CoverageEntry & { readonly path: string })[];
}

/**
 * Percent as istanbul-lib-coverage computes it: floored to two decimals, unknown when total is 0.
 * @public
 */
export function coveragePercent(covered: number, total: number): number | null {
  if (total <= 0) return null;
  return Math.floor((1000 * 100 * covered) / total / 10) / 100;
}

function counts(value: unknown, file: string, field: string): CoverageCounts {
  if (!isRecord(value)) return invalidReport(file, field, 'an object with total and covered', value);
  const { total, covered } = value;
  if (typeof total !== 'number' || !Number.isInteger(total) || total < 0)
    return invalidReport(file, `${field}.total`, 'a non-negative integer', total);
  if (typeof covered !== 'number' || !Number.isInteger(covered) || covered < 0 || covered > total)
    return invalidReport(file, `${field}.covered`, `an integer between 0 and total (${total})`, covered);
  // `pct` is not trusted: v8 and istanbul write 100 or "Unknown" for empty files. We recompute it.
  return { total, covered, pct: coveragePercent(covered, total) };
}

function entry(value: unknown, file: string, field: string): CoverageEntry {
  if (!isRecord(value)) return invalidReport(file, field, 'an object with lines and branches', value);
  return { lines: counts(value.lines, file, `${field}.lines`), branches: counts(value.branches, file, `${field}.branches`) };
}

/**
 * Validates a parsed `coverage-summary.json` (istanbul json-summary, as vitest's v8 and istanbul
 * providers write it).
 *
 * @param root - project root, used to turn absolute file keys into project-relative paths.
 * @throws {@link GatesError} `GATES_REPORT_INVALID` naming the file and field.
 * @public
 */
export function parseCoverageSummary(value: unknown, source: string, root: string): CoverageSummary {
  if (!isRecord(value)) return invalidReport(source, '(root)', 'an object', value);
  if (!('total' in value)) return invalidReport(source, 'total', 'an object with lines and branches', undefined);
  const total = entry(value.total, source, 'total');
  const files = Object.entries(value)
    .filter(([key]) => key !== 'total')
    .map(([key, v]) => ({ path: toProjectPath(key, root), ...entry(v, source, JSON.stringify(key)) }));
  return { source, total, files };
}

/**
 * Reads a `coverage-summary.json`; `null` when the file does not exist.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE` or `GATES_REPORT_INVALID`.
 * @public
 */
export async function readCoverageSummary(file: string, root: string): Promise<CoverageSummary | null> {
  const read = await readJsonReport(file);
  return read.found ? parseCoverageSummary(read.value, file, root) : null;
}

function sum(entries: readonly CoverageEntry[], metric: 'lines' | 'branches'): CoverageCounts {
  const total = entries.reduce((n, e) => n + e[metric].total, 0);
  const covered = entries.reduce((n, e) => n + e[metric].covered, 0);
  return { total, covered, pct: coveragePercent(covered, total) };
}

/**
 * Line and branch coverage measurements: the total, and one per package folder in `packages`.
 * @public
 */
export function coverageMeasurements(summary: CoverageSummary, packages: readonly string[] = []): GateMeasurement[] {
  const out: GateMeasurement[] = [];
  const metrics = [
    ['coverage.lines', 'lines'],
    ['coverage.branches', 'branches'],
  ] as const;
  for (const [gate, metric] of metrics) {
    const c = summary.total[metric];
    out.push({
      gate,
      scope: 'total',
      scopeKind: 'total',
      value: c.pct,
      source: summary.source,
      field: `total.${metric}`,
      reason: c.pct === null ? `no ${metric} to cover (total is 0)` : `${c.covered}/${c.total} ${metric} covered`,
    });
    for (const pkg of packages) {
      const files = summary.files.filter((f) => isInside(f.path, pkg));
      const s = sum(files, metric);
      out.push({
        gate,
        scope: pkg,
        scopeKind: 'package',
        value: s.pct,
        source: summary.source,
        field: metric,
        reason:
          files.length === 0
            ? `no file under ${pkg} in the report`
            : s.pct === null
              ? `no ${metric} to cover under ${pkg}`
              : `${s.covered}/${s.total} ${metric} covered in ${files.length} files`,
      });
    }
  }
  return out;
}
