import { formatDuration } from '../slo/duration.js';

/**
 * One multi-window burn-rate alert: it fires when both windows burn the error budget faster than
 * `factor` times the rate that would spend exactly the budget over the SLO window.
 * @public
 */
export interface BurnRateWindow {
  readonly severity: 'page' | 'ticket';
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Burn rate (multiple of the sustainable error rate) both windows must exceed. */
  readonly factor: number;
  /** The share of the window's budget spent in the long window at that rate. */
  readonly budgetSpent: number;
}

// The Site Reliability Workbook's recipe (chapter 5, "Alerting on SLOs"): page when 2 % of the
// budget is gone in an hour or 5 % in six hours, ticket when 10 % is gone in a day or three; the
// short window (1/12 of the long one) makes the alert stop soon after the burn stops.
const RECIPE: ReadonlyArray<Omit<BurnRateWindow, 'factor' | 'longWindow' | 'shortWindow'> & { long: number; short: number }> = [
  { severity: 'page', budgetSpent: 0.02, long: 3_600, short: 300 },
  { severity: 'page', budgetSpent: 0.05, long: 21_600, short: 1_800 },
  { severity: 'ticket', budgetSpent: 0.1, long: 86_400, short: 7_200 },
  { severity: 'ticket', budgetSpent: 0.1, long: 259_200, short: 21_600 },
];

/**
 * The burn-rate windows for an SLO window of `windowSeconds` (30 days gives the workbook's factors
 * 14.4, 6, 3 and 1). A pair whose factor would be below 1 — it would alert while the budget is
 * spent more slowly than the SLO allows — or whose long window is not shorter than the SLO window
 * is left out.
 * @public
 */
export function burnRateWindows(windowSeconds: number): readonly BurnRateWindow[] {
  return RECIPE.filter((pair) => pair.long < windowSeconds)
    .map((pair) => ({
      severity: pair.severity,
      budgetSpent: pair.budgetSpent,
      longWindow: formatDuration(pair.long),
      shortWindow: formatDuration(pair.short),
      factor: round((pair.budgetSpent * windowSeconds) / pair.long),
    }))
    .filter((pair) => pair.factor >= 1);
}

/** Rounds away float noise (14.4 × 0.001 is 0.014400000000000001), keeping 12 significant digits. */
export function round(value: number): number {
  return Number(value.toPrecision(12));
}
