import { SloError } from '../errors/SloError.js';
import { formatDuration, parseDuration } from '../slo/duration.js';
import type { SliKind, SloDefinition } from '../slo/SloDefinition.js';
import { burnRateWindows, round } from './burnRateWindows.js';
import type { AlertingRule, PrometheusRuleFile, PrometheusRuleGroup, RecordingRule } from './PrometheusRuleFile.js';
import { sliErrorRatio } from './sliErrorRatio.js';

/**
 * Options of {@link generateSloRules}.
 * @public
 */
export interface GenerateSloRulesOptions {
  /** Restricts every series to this `job` label (your scrape job's name); all jobs when absent. */
  readonly job?: string;
  /** Prefix of each alert's `runbook_url`; default `docs/runbooks/` (this repository's runbooks). */
  readonly runbookBaseUrl?: string;
}

/**
 * The name of the recorded error ratio of an SLI over `range` (`cortex_slo:sli_error:ratio_rate1h`).
 * @public
 */
export const sloErrorRatioRecord = (range: string): string => `cortex_slo:sli_error:ratio_rate${range}`;

/**
 * The name of the recorded share of the window's error budget still left (negative when overspent).
 * @public
 */
export const SLO_BUDGET_REMAINING_RECORD = 'cortex_slo:error_budget_remaining:ratio';

/**
 * The name of the burn-rate alert every SLO's rules raise.
 * @public
 */
export const SLO_BURN_ALERT = 'CortexSloErrorBudgetBurn';

/**
 * Prometheus recording and alerting rules for SLOs — the Site Reliability Workbook's recipe:
 * each SLI's error ratio recorded over the burn-rate windows and the SLO window, the share of the
 * error budget left, and multi-window multi-burn-rate alerts (`severity` page or ticket) whose
 * annotations link the runbook. One process cannot hold a 30-day window across restarts;
 * Prometheus can, from the counters and histograms the runtime exports.
 * @public
 */
export function generateSloRules(slos: readonly SloDefinition[], options: GenerateSloRulesOptions = {}): PrometheusRuleFile {
  return { groups: slos.map((slo) => groupFor(slo, options)) };
}

function groupFor(slo: SloDefinition, options: GenerateSloRulesOptions): PrometheusRuleGroup {
  const rules: (RecordingRule | AlertingRule)[] = [];
  for (const sli of ['errors', 'latency'] as const) {
    const objective = sli === 'errors' ? slo.errors?.objective : slo.latency?.objective;
    if (objective !== undefined) rules.push(...rulesFor(slo, sli, objective, options));
  }
  return { name: `cortex-slo-${slo.name}`, rules };
}

/** The window in seconds; `parseSlos` guarantees it, so only a hand-built definition can miss one. */
function windowOf(slo: SloDefinition): number {
  const seconds = parseDuration(slo.window);
  if (seconds !== undefined) return seconds;
  const problem = { path: [slo.name, 'window'], message: `${JSON.stringify(slo.window)} is not a Prometheus duration such as \`30d\`` };
  const line = `- ${problem.path.join('.')}: ${problem.message}`;
  throw SloError.create('SLO_INVALID', { count: '1', problems: line }, { details: { problems: [problem] } });
}

function rulesFor(slo: SloDefinition, sli: SliKind, objective: number, options: GenerateSloRulesOptions): (RecordingRule | AlertingRule)[] {
  const windowSeconds = windowOf(slo);
  const window = formatDuration(windowSeconds);
  const windows = burnRateWindows(windowSeconds);
  const ranges = [...new Set([...windows.flatMap((pair) => [pair.shortWindow, pair.longWindow]), window])];
  const labels = { slo: slo.name, sli };
  const selector = `{slo=${JSON.stringify(slo.name)},sli="${sli}"}`;
  const budget = round(1 - objective);
  const recorded: RecordingRule[] = ranges.map((range) => ({
    record: sloErrorRatioRecord(range),
    expr: sliErrorRatio(slo, sli, range, options.job),
    labels,
  }));
  const remaining: RecordingRule = {
    record: SLO_BUDGET_REMAINING_RECORD,
    expr: `1 - (${sloErrorRatioRecord(window)}${selector} / ${budget})`,
    labels: { ...labels, window },
  };
  const alerts: AlertingRule[] = windows.map((pair) => {
    const threshold = round(pair.factor * budget);
    return {
      alert: SLO_BURN_ALERT,
      expr: `${sloErrorRatioRecord(pair.longWindow)}${selector} > ${threshold} and ${sloErrorRatioRecord(pair.shortWindow)}${selector} > ${threshold}`,
      // `slo` and `sli` come from the recorded series too; as static labels they keep the rules of one
      // group distinct for promtool's duplicate check.
      labels: { ...labels, severity: pair.severity, long_window: pair.longWindow, short_window: pair.shortWindow },
      annotations: {
        summary: `SLO ${slo.name} (${sli}) is burning its error budget ${pair.factor}× too fast`,
        description: `${describeObjective(slo, sli, objective)} over ${window}. At this rate ${Math.round(pair.budgetSpent * 100)} % of the budget is spent in ${pair.longWindow}.`,
        runbook_url: `${options.runbookBaseUrl ?? 'docs/runbooks/'}slo-error-budget-burn.md`,
      },
    };
  });
  return [...recorded, remaining, ...alerts];
}

function describeObjective(slo: SloDefinition, sli: SliKind, objective: number): string {
  const target = slo.route === undefined ? `tool ${slo.tool}` : `${slo.route.method ?? 'every method of'} ${slo.route.path}`;
  const share = `${round(objective * 100)} %`;
  const promise = sli === 'errors' ? `${share} of ${target} succeed` : `${share} of ${target} finish within ${slo.latency?.thresholdMs} ms`;
  return slo.description === undefined ? `Objective: ${promise}` : `${slo.description} (${promise})`;
}
