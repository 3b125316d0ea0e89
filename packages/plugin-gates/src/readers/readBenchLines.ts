import type { GateMeasurement } from './GateMeasurement.js';
import { invalidReport, isRecord, readReportText } from './readJsonReport.js';

/**
 * One figure printed by a benchmark in `bench/`, as a JSON line.
 * @public
 */
export interface BenchRecord {
  /** Benchmark name. */
  readonly bench: string;
  /** Case within the benchmark. */
  readonly case: string;
  /** What was measured, e.g. `p95` or `error_rate`. */
  readonly metric: string;
  /** Unit of `value`, e.g. `ms`, `s`, `%`, `ratio`. */
  readonly unit: string;
  /** The figure. */
  readonly value: number;
  /** What the figure is compared with (the thing a user would pick instead), if anything. */
  readonly baseline: string | null;
  /** The baseline's figure, in the same unit. */
  readonly baselineValue: number | null;
  /** value / baselineValue. */
  readonly ratio: number | null;
  /** 1-based line number in the source file. */
  readonly line: number;
}

function optionalNumber(o: Record<string, unknown>, key: string, source: string, line: number): number | null {
  const v = o[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) return invalidReport(source, `line ${line}: ${key}`, 'a number or null', v);
  return v;
}

/**
 * Picks the bench JSON lines out of a bench run's output. Lines that are not JSON objects (the human
 * table, blank lines) and JSON objects without a `bench` key (logs) are skipped; a bench line with
 * a missing or mistyped field is an error, never silently dropped.
 *
 * @throws {@link GatesError} `GATES_REPORT_INVALID` naming the line and field.
 * @public
 */
export function parseBenchLines(text: string, source: string): BenchRecord[] {
  const out: BenchRecord[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = i + 1;
    const trimmed = raw.trim();
    if (!trimmed.startsWith('{')) continue;
    let o: unknown;
    try {
      o = JSON.parse(trimmed);
    } catch {
      invalidReport(source, `line ${line}`, 'a complete JSON object', trimmed);
    }
    if (!isRecord(o) || !('bench' in o)) continue;
    for (const key of ['bench', 'case', 'metric', 'unit'] as const) {
      if (typeof o[key] !== 'string') invalidReport(source, `line ${line}: ${key}`, 'a string', o[key]);
    }
    if (typeof o.value !== 'number' || !Number.isFinite(o.value)) invalidReport(source, `line ${line}: value`, 'a finite number', o.value);
    if (o.baseline !== undefined && o.baseline !== null && typeof o.baseline !== 'string')
      invalidReport(source, `line ${line}: baseline`, 'a string or null', o.baseline);
    out.push({
      bench: o.bench as string,
      case: o.case as string,
      metric: o.metric as string,
      unit: o.unit as string,
      value: o.value as number,
      baseline: (o.baseline as string | null | undefined) ?? null,
      baselineValue: optionalNumber(o, 'baselineValue', source, line),
      ratio: optionalNumber(o, 'ratio', source, line),
      line,
    });
  }
  return out;
}

/**
 * Reads a file of bench output; `null` when it does not exist.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE` or `GATES_REPORT_INVALID`.
 * @public
 */
export async function readBenchLines(file: string): Promise<BenchRecord[] | null> {
  const read = await readReportText(file);
  return read.found ? parseBenchLines(read.text, file) : null;
}

const toMs: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000 };
const toPercent: Readonly<Record<string, number>> = { '%': 1, percent: 1, ratio: 100, fraction: 100, '1': 100 };

/**
 * Which bench lines a latency or error-rate gate reads.
 * @public
 */
export interface BenchSelector {
  /** The `metric` to read. */
  readonly metric: string;
  /** Only lines of this benchmark. */
  readonly bench?: string | undefined;
  /** Only lines of this case. */
  readonly case?: string | undefined;
}

/**
 * One measurement per selected bench line (scope `bench/case`), converted to the gate's unit
 * (milliseconds for `latency.p95`, percent for `error.rate`); one unknown measurement when no line matches.
 * @public
 */
export function benchMeasurements(
  gate: 'latency.p95' | 'error.rate',
  records: readonly BenchRecord[],
  selector: BenchSelector,
  source: string,
): GateMeasurement[] {
  const factors = gate === 'latency.p95' ? toMs : toPercent;
  const selected = records.filter(
    (r) =>
      r.metric === selector.metric &&
      (selector.bench === undefined || r.bench === selector.bench) &&
      (selector.case === undefined || r.case === selector.case),
  );
  if (selected.length === 0) {
    const what = [`metric ${selector.metric}`, selector.bench && `bench ${selector.bench}`, selector.case && `case ${selector.case}`]
      .filter(Boolean)
      .join(', ');
    return [{ gate, scope: 'total', scopeKind: 'total', value: null, source, reason: `no bench line with ${what}` }];
  }
  return selected.map((r) => {
    const factor = factors[r.unit];
    return {
      gate,
      scope: `${r.bench}/${r.case}`,
      scopeKind: 'case' as const,
      value: factor === undefined ? null : r.value * factor,
      source,
      field: `line ${r.line}`,
      reason:
        factor === undefined ? `unit ${JSON.stringify(r.unit)} is not one of ${Object.keys(factors).join(', ')}` : `${r.value} ${r.unit}`,
    };
  });
}
