import { CerebrumError } from '../errors/CerebrumError.js';
import type { AgentEvalReport } from './runAgentEvals.js';

/**
 * The JSON lines of an eval report in the benchmarks' format: per case `success` (0/1), `steps`,
 * `tokens` and `wall_ms`, and the report's `success_rate`, each tagged with dataset and configuration.
 * @public
 */
export function evalJsonLines(report: AgentEvalReport): string[] {
  const tag = { bench: 'eval', dataset: `${report.dataset.name}@${report.dataset.version}`, configuration: report.configuration };
  const lines = report.cases.flatMap((item) =>
    (
      [
        ['success', item.passed ? 1 : 0, 'bool'],
        ['steps', item.steps, 'steps'],
        ['tokens', item.tokens, 'tokens'],
        ['wall_ms', item.wallMs, 'ms'],
      ] as const
    ).map(([metric, value, unit]) => JSON.stringify({ ...tag, case: item.id, metric, unit, value })),
  );
  lines.push(JSON.stringify({ ...tag, case: '(all)', metric: 'success_rate', unit: '%', value: report.successRate }));
  return lines;
}

/**
 * Two configurations' results on the same dataset, case by case.
 * @public
 */
export interface EvalComparison {
  readonly dataset: { readonly name: string; readonly version: string };
  readonly configurations: readonly [string, string];
  readonly successRates: readonly [number, number];
  readonly cases: readonly {
    readonly id: string;
    readonly passed: readonly [boolean, boolean];
    readonly steps: readonly [number, number];
    readonly tokens: readonly [number, number];
  }[];
  /** A plain-text table of the above. */
  readonly table: string;
}

/**
 * Compares two reports of the same dataset version side by side.
 * @throws {@link CerebrumError} `CEREBRUM_EVAL_REPORTS_MISMATCH` for reports of different datasets or versions: their cases do not compare.
 * @public
 */
export function compareEvalReports(a: AgentEvalReport, b: AgentEvalReport): EvalComparison {
  if (a.dataset.name !== b.dataset.name || a.dataset.version !== b.dataset.version) {
    throw CerebrumError.create('CEREBRUM_EVAL_REPORTS_MISMATCH', {
      a: `${a.dataset.name}@${a.dataset.version}`,
      b: `${b.dataset.name}@${b.dataset.version}`,
    });
  }
  const byId = new Map(b.cases.map((item) => [item.id, item]));
  const cases = a.cases.map((left) => {
    const right = byId.get(left.id);
    return {
      id: left.id,
      passed: [left.passed, right?.passed ?? false] as const,
      steps: [left.steps, right?.steps ?? 0] as const,
      tokens: [left.tokens, right?.tokens ?? 0] as const,
    };
  });
  const mark = (passed: boolean) => (passed ? 'pass' : 'FAIL');
  const rows = [
    `case | ${a.configuration} | ${b.configuration}`,
    ...cases.map(
      (item) =>
        `${item.id} | ${mark(item.passed[0])}, ${item.steps[0]} steps, ${item.tokens[0]} tokens | ${mark(item.passed[1])}, ${item.steps[1]} steps, ${item.tokens[1]} tokens`,
    ),
    `success rate | ${a.successRate}% | ${b.successRate}%`,
  ];
  return {
    dataset: a.dataset,
    configurations: [a.configuration, b.configuration],
    successRates: [a.successRate, b.successRate],
    cases,
    table: rows.join('\n'),
  };
}
