/**
 * The gates this package knows: which way is better, the unit, and which report feeds it.
 *
 * Keep in sync with the `gates` object of `QualityGateContract.ts` and the README's gate list.
 *
 * @public
 */
export const gateCatalogue = {
  'coverage.lines': { title: 'Line coverage', direction: 'min', unit: '%', report: 'coverage', perPackage: true },
  'coverage.branches': { title: 'Branch coverage', direction: 'min', unit: '%', report: 'coverage', perPackage: true },
  'mutation.score': { title: 'Mutation score', direction: 'min', unit: '%', report: 'mutation', perPackage: true },
  'flake.rate': { title: 'Flaky tests', direction: 'max', unit: '%', report: 'flake', perPackage: false },
  'vulnerabilities.critical': { title: 'Critical vulnerabilities', direction: 'max', unit: 'count', report: 'audit', perPackage: false },
  'vulnerabilities.high': { title: 'High vulnerabilities', direction: 'max', unit: 'count', report: 'audit', perPackage: false },
  'ops.readiness': { title: 'Operational readiness', direction: 'min', unit: '%', report: 'rubric', perPackage: false },
  'latency.p95': { title: 'p95 latency', direction: 'max', unit: 'ms', report: 'bench', perPackage: false },
  'error.rate': { title: 'Error rate', direction: 'max', unit: '%', report: 'bench', perPackage: false },
  'eval.successRate': { title: 'Eval success rate', direction: 'min', unit: '%', report: 'eval', perPackage: false },
} as const satisfies Record<string, GateInfo>;

/**
 * What {@link gateCatalogue} says about one gate.
 * @public
 */
export interface GateInfo {
  /** Human name for tables and SARIF rule descriptions. */
  readonly title: string;
  /** `min`: the measurement must be at least the threshold (higher is better); `max`: at most (lower is better). */
  readonly direction: 'min' | 'max';
  /** Unit of the measurement and the threshold. */
  readonly unit: '%' | 'count' | 'ms';
  /** Which report the measurement comes from. */
  readonly report: GateReportKind;
  /** Whether the report also yields one measurement per package (for per-package overrides). */
  readonly perPackage: boolean;
}

/**
 * The kinds of input the gates read.
 * @public
 */
export type GateReportKind = 'coverage' | 'mutation' | 'flake' | 'audit' | 'rubric' | 'bench' | 'eval';

/**
 * The id of a gate, such as `coverage.lines`.
 * @public
 */
export type GateId = keyof typeof gateCatalogue;

/**
 * Every gate id, in table order.
 * @public
 */
export const gateIds: readonly GateId[] = Object.keys(gateCatalogue) as GateId[];

/**
 * True when `measured` is at least as good as `than` for the gate's direction.
 * @public
 */
export function isAtLeastAsGood(gate: GateId, measured: number, than: number): boolean {
  return gateCatalogue[gate].direction === 'min' ? measured >= than : measured <= than;
}
