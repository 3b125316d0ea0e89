import { parseFlakeReportValue } from '../flake/FlakeReporter.js';
import type { GateMeasurement } from './GateMeasurement.js';
import { readJsonReport } from './readJsonReport.js';

/**
 * What a flake report says: how many runs, how many tests ran, which were flaky and why.
 * @public
 */
export interface FlakeSummary {
  /** The flake report file. */
  readonly source: string;
  /** Recorded runs. */
  readonly runs: number;
  /** Distinct tests that passed or failed in at least one run. */
  readonly tests: number;
  /** Each flaky test id, and why it counts as flaky. */
  readonly flaky: readonly { readonly id: string; readonly why: string }[];
  /** flaky / tests × 100; `null` when no test ran. */
  readonly rate: number | null;
}

/**
 * Computes the flake rate of a flake report. A test is flaky when it passed only after a retry in
 * some run, or passed in one run and failed in another; a test that always fails is broken, not flaky.
 *
 * @throws {@link GatesError} `GATES_REPORT_INVALID` naming the field.
 * @public
 */
export function parseFlakeReport(value: unknown, source: string): FlakeSummary {
  const report = parseFlakeReportValue(value, source);
  const seen = new Map<string, { passed: number[]; failed: number[]; retried: number[] }>();
  report.runs.forEach((run, r) => {
    for (const t of run.tests) {
      if (t.state !== 'passed' && t.state !== 'failed') continue;
      const s = seen.get(t.id) ?? { passed: [], failed: [], retried: [] };
      seen.set(t.id, s);
      (t.state === 'passed' ? s.passed : s.failed).push(r + 1);
      if (t.flaky || (t.state === 'passed' && t.retryCount > 0)) s.retried.push(r + 1);
    }
  });
  const flaky: { id: string; why: string }[] = [];
  for (const [id, s] of [...seen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (s.retried.length > 0) flaky.push({ id, why: `passed after a retry in run ${s.retried.join(', ')}` });
    else if (s.passed.length > 0 && s.failed.length > 0)
      flaky.push({ id, why: `passed in run ${s.passed.join(', ')}, failed in run ${s.failed.join(', ')}` });
  }
  return {
    source,
    runs: report.runs.length,
    tests: seen.size,
    flaky,
    rate: seen.size === 0 ? null : (flaky.length / seen.size) * 100,
  };
}

/**
 * Reads a flake report; `null` when it does not exist.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE` or `GATES_REPORT_INVALID`.
 * @public
 */
export async function readFlakeReport(file: string): Promise<FlakeSummary | null> {
  const read = await readJsonReport(file);
  return read.found ? parseFlakeReport(read.value, file) : null;
}

/**
 * The flake-rate measurement; unknown when fewer than `minRuns` runs were recorded.
 * @public
 */
export function flakeMeasurements(summary: FlakeSummary, minRuns: number): GateMeasurement[] {
  const enough = summary.runs >= minRuns;
  return [
    {
      gate: 'flake.rate',
      scope: 'total',
      scopeKind: 'total',
      value: enough ? summary.rate : null,
      source: summary.source,
      field: 'runs',
      reason: !enough
        ? `${summary.runs} run(s) recorded, the contract asks for at least ${minRuns}`
        : summary.rate === null
          ? 'no test passed or failed in any run'
          : `${summary.flaky.length}/${summary.tests} tests flaky over ${summary.runs} runs`,
    },
  ];
}
