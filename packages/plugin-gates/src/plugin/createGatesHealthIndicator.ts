import { CortexError, type HealthIndicator } from '@cortex-os/kernel';
import { runGatesCheck } from '../check/runGatesCheck.js';
import type { GatesLocation } from './gatesCheckTool.js';

/**
 * Options of {@link createGatesHealthIndicator}.
 * @public
 */
export interface CreateGatesHealthIndicatorOptions extends GatesLocation {
  /** Whether failing gates make the runtime not ready; default false (they only report). */
  readonly critical?: boolean;
  /** Time limit of one check (rubric commands included); default 30 000 ms. */
  readonly timeoutMs?: number;
}

/**
 * A health indicator `gates:status`: `pass` when every gate passes, `warn` when only warnings
 * remain, `fail` on a violation or when the contract or a report cannot be read.
 * @public
 */
export function createGatesHealthIndicator(options: CreateGatesHealthIndicatorOptions): HealthIndicator {
  return {
    name: 'gates:status',
    critical: options.critical ?? false,
    timeoutMs: options.timeoutMs ?? 30_000,
    async check(signal) {
      try {
        const { check } = await runGatesCheck({ contract: options.contract, reportsDir: options.reportsDir, root: options.root, signal });
        const errors = check.violations.filter((v) => v.severity === 'error');
        const warnings = check.violations.length - errors.length;
        const first = errors[0] ?? check.violations[0];
        return {
          status: errors.length > 0 ? 'fail' : warnings > 0 ? 'warn' : 'pass',
          observedValue: errors.length,
          observedUnit: 'violations',
          componentType: 'component',
          ...(first === undefined ? {} : { output: `${check.violations.length} violation(s); first: ${first.message}` }),
        };
      } catch (error) {
        return {
          status: 'fail',
          componentType: 'component',
          output: CortexError.is(error) ? `[${error.code}] ${error.message}` : String(error),
        };
      }
    },
  };
}
