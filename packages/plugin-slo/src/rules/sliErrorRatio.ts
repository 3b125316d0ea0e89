import { durationBuckets } from '@cortex-os/plugin-http';
import type { SliKind, SloDefinition } from '../slo/SloDefinition.js';

/** The metrics a target's indicators are computed from. */
interface TargetSeries {
  readonly total: string;
  readonly histogram: string;
  readonly failed: Readonly<Record<string, string>>;
  readonly failedRegex: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
}

function seriesOf(slo: SloDefinition, job: string | undefined): TargetSeries {
  const base = job === undefined ? {} : { job };
  if (slo.route !== undefined)
    return {
      total: 'http_server_request_duration_seconds_count',
      histogram: 'http_server_request_duration_seconds',
      failed: {},
      failedRegex: { status: '5..' },
      selector: { ...base, route: slo.route.path, ...(slo.route.method === undefined ? {} : { method: slo.route.method }) },
    };
  return {
    total: 'cortex_tool_calls_total',
    histogram: 'cortex_tool_call_duration_seconds',
    failed: { outcome: 'error' },
    failedRegex: {},
    selector: { ...base, tool: slo.tool ?? '' },
  };
}

function matchers(equal: Readonly<Record<string, string>>, regex: Readonly<Record<string, string>> = {}): string {
  const parts = [
    ...Object.entries(equal).map(([name, value]) => `${name}=${JSON.stringify(value)}`),
    ...Object.entries(regex).map(([name, value]) => `${name}=~${JSON.stringify(value)}`),
  ];
  return `{${parts.join(',')}}`;
}

/** The `le` label prom-client writes for a bucket of the duration histograms. */
function bucketLabel(thresholdMs: number): string {
  const bound = durationBuckets.find((seconds) => Math.abs(seconds * 1000 - thresholdMs) < 1e-9);
  return String(bound ?? thresholdMs / 1000);
}

/**
 * The PromQL of an SLI's error ratio over `range`: the failed share (errors: 5xx answers or failed
 * calls; latency: slower than the threshold). No failures at all is 0, not an empty result; no
 * traffic at all is no result, so no alert fires on silence.
 */
export function sliErrorRatio(slo: SloDefinition, sli: SliKind, range: string, job: string | undefined): string {
  const series = seriesOf(slo, job);
  // `> 0`: no traffic is no result rather than 0/0 = NaN, so an idle target neither alerts nor shows a budget.
  const total = `(sum(rate(${series.total}${matchers(series.selector)}[${range}])) > 0)`;
  if (sli === 'errors') {
    const failed = `sum(rate(${series.total}${matchers({ ...series.selector, ...series.failed }, series.failedRegex)}[${range}]))`;
    return `(${failed} or vector(0)) / ${total}`;
  }
  const le = bucketLabel(slo.latency?.thresholdMs ?? 0);
  const fast = `sum(rate(${series.histogram}_bucket${matchers({ ...series.selector, le })}[${range}]))`;
  const count = `(sum(rate(${series.histogram}_count${matchers(series.selector)}[${range}])) > 0)`;
  return `1 - (${fast} / ${count})`;
}
