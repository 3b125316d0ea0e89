import type { HealthCheckResult, HealthIndicator } from '@cortex-os/kernel';

/**
 * One check in an `application/health+json` report (IETF draft inadarei-api-health-check).
 * @public
 */
export interface HealthCheckEntry {
  /** The check's outcome. */
  readonly status: 'pass' | 'warn' | 'fail';
  /** What was checked, e.g. `datastore` or `system`. */
  readonly componentType?: string;
  /** The measured value, e.g. a latency or a count. */
  readonly observedValue?: unknown;
  /** The unit of `observedValue`, e.g. `ms`. */
  readonly observedUnit?: string;
  /** Why the check warned or failed (a timeout, the thrown message). */
  readonly output?: string;
  /** When the check ran (ISO 8601). */
  readonly time: string;
  /** Whether a failure makes the runtime not ready. */
  readonly critical: boolean;
}

/**
 * A full health report; `checks` are keyed `component:measurement`.
 * @public
 */
export interface HealthReport {
  /** `fail` when a critical check fails, `warn` when any other check does not pass, else `pass`. */
  readonly status: 'pass' | 'warn' | 'fail';
  /** Every check's result, keyed by indicator name. */
  readonly checks: Readonly<Record<string, readonly HealthCheckEntry[]>>;
  /** Failing critical checks, as `name: why`. */
  readonly output?: string;
}

/**
 * Options of {@link createHealthChecker}.
 * @public
 */
export interface CreateHealthCheckerOptions {
  /** The indicators to run (each plugin's `healthIndicatorToken` contributions). */
  readonly indicators: readonly HealthIndicator[];
  /** Per-check limit for indicators without their own `timeoutMs`; default 2000. */
  readonly timeoutMs?: number;
  /**
   * Results are reused for this long; default 1000 (0 = run on every request). A function is read
   * on each request, so the interval can follow the runtime (longer in low-power mode).
   */
  readonly cacheMs?: number | (() => number);
  /** Default `Date.now`. */
  readonly now?: () => number;
}

/**
 * Runs health indicators concurrently, each under its time limit, caching the report.
 * @public
 */
export interface HealthChecker {
  /** The current report (cached for `cacheMs`; concurrent callers share one run). */
  report(): Promise<HealthReport>;
}

/**
 * Creates a {@link HealthChecker}: a critical failure makes the report `fail`; a failing or warning
 * non-critical indicator makes it `warn`; a check that hangs is reported as a timeout; a check that
 * throws is a failure with its message.
 * @public
 */
export function createHealthChecker(options: CreateHealthCheckerOptions): HealthChecker {
  const now = options.now ?? Date.now;
  const given = options.cacheMs ?? 1000;
  const cacheMs = typeof given === 'function' ? given : () => given;
  const defaultTimeout = options.timeoutMs ?? 2000;
  let cached: { readonly at: number; readonly report: Promise<HealthReport> } | undefined;

  const runOne = async (indicator: HealthIndicator): Promise<[string, HealthCheckEntry]> => {
    const limit = indicator.timeoutMs ?? defaultTimeout;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const time = new Date(now()).toISOString();
    const timeout = new Promise<HealthCheckResult>((resolve) => {
      timer = setTimeout(() => {
        controller.abort(new Error(`timed out after ${limit} ms`));
        resolve({ status: 'fail', output: `timed out after ${limit} ms` });
      }, limit);
    });
    let result: HealthCheckResult;
    try {
      result = await Promise.race([Promise.resolve().then(() => indicator.check(controller.signal)), timeout]);
    } catch (error) {
      result = { status: 'fail', output: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
    return [
      indicator.name,
      {
        status: result.status,
        ...(result.componentType === undefined ? {} : { componentType: result.componentType }),
        ...(result.observedValue === undefined ? {} : { observedValue: result.observedValue }),
        ...(result.observedUnit === undefined ? {} : { observedUnit: result.observedUnit }),
        ...(result.output === undefined ? {} : { output: result.output }),
        time,
        critical: indicator.critical,
      },
    ];
  };

  const run = async (): Promise<HealthReport> => {
    const results = await Promise.all(options.indicators.map(runOne));
    const checks: Record<string, HealthCheckEntry[]> = {};
    const failing: string[] = [];
    let status: HealthReport['status'] = 'pass';
    for (const [name, entry] of results) {
      (checks[name] ??= []).push(entry);
      if (entry.status === 'pass') continue;
      if (entry.critical && entry.status === 'fail') {
        status = 'fail';
        failing.push(`${name}: ${entry.output ?? 'failed'}`);
      } else if (status === 'pass') status = 'warn';
    }
    return { status, checks, ...(failing.length === 0 ? {} : { output: failing.join('; ') }) };
  };

  return {
    report() {
      const at = now();
      if (cached !== undefined && at - cached.at < cacheMs()) return cached.report;
      const report = run();
      cached = { at, report };
      return report;
    },
  };
}
