import type { GateCheckResult, GateResult, GateViolation } from '../enforce/enforceGates.js';
import type { GateBaselineChange } from '../ratchet/applyRatchet.js';
import type { ReadinessResult } from '../rubric/runReadinessRubric.js';

/**
 * The JSON file `cortex-gates check --json` writes.
 * @public
 */
export interface GatesJsonReport {
  /** Format version. */
  readonly version: 1;
  /** True when no violation has severity `error`. */
  readonly passed: boolean;
  /** One verdict per gate and scope. */
  readonly results: readonly GateResult[];
  /** Every violation. */
  readonly violations: readonly GateViolation[];
  /** Baseline values raised by `--update`. */
  readonly baselineChanges: readonly GateBaselineChange[];
  /** The readiness rubric run, item by item, when the contract has one. */
  readonly readiness?: ReadinessResult;
}

/**
 * The JSON report of a check.
 * @public
 */
export function toGatesJsonReport(
  check: GateCheckResult,
  baselineChanges: readonly GateBaselineChange[] = [],
  readiness?: ReadinessResult,
): GatesJsonReport {
  return {
    version: 1,
    passed: check.passed,
    results: check.results,
    violations: check.violations,
    baselineChanges,
    ...(readiness === undefined ? {} : { readiness }),
  };
}
