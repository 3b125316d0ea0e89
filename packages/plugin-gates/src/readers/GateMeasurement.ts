import type { GateId } from '../contract/gateCatalogue.js';

/**
 * One measurement of one gate, as a reader produced it from a report.
 *
 * `value: null` means unknown: the report is missing, says it could not measure (an audit whose
 * advisory service was unreachable, a coverage `pct` of `"Unknown"`), or holds too little to trust;
 * `reason` says which. What unknown means for the check is the contract's `onUnknown`.
 * @public
 */
export interface GateMeasurement {
  /** The gate measured. */
  readonly gate: GateId;
  /** `total` for the whole project, a package folder (`packages/kernel`), or a bench `bench/case`. */
  readonly scope: string;
  /** `total` and `case` scopes are checked against the gate; `package` scopes only when the contract overrides them. */
  readonly scopeKind: 'total' | 'package' | 'case';
  /** The measured value in the gate unit; `null` when unknown. */
  readonly value: number | null;
  /** The report file the value was read from. */
  readonly source: string;
  /** Where in the report, e.g. `total.lines` or `metadata.vulnerabilities.critical`. */
  readonly field?: string;
  /** Why the value is unknown, or how it was derived. */
  readonly reason?: string;
}

/**
 * A measurement that no report could provide.
 * @public
 */
export function unknownMeasurement(gate: GateId, source: string, reason: string, scope = 'total'): GateMeasurement {
  return { gate, scope, scopeKind: scope === 'total' ? 'total' : 'package', value: null, source, reason };
}
