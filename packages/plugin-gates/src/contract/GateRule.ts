/**
 * What every gate of a {@link QualityGateContract} has, defaults filled in.
 * @public
 */
export interface GateRule {
  /** `required`: a violation fails the check; `warn`: it is reported but the check still passes. */
  readonly level: 'required' | 'warn';
  /** What a missing or untrustworthy measurement means: fail the gate, or only warn. */
  readonly onUnknown: 'fail' | 'warn';
  /** How much worse than the committed baseline a measurement may be before the ratchet fails. */
  readonly tolerance: number;
  /** Compare with and (with --update) raise the committed baseline. */
  readonly ratchet: boolean;
  /** Where the threshold is heading; shown in the table, never enforced. */
  readonly target?: number | undefined;
  /** Why the gate is there, for people reading the contract. */
  readonly description?: string | undefined;
}

/**
 * What every gate of a {@link QualityGateContractInput} has, as written in JSON.
 * @public
 */
export interface GateRuleInput {
  /** Default `required`. */
  readonly level?: 'required' | 'warn' | undefined;
  /** Default `fail`. */
  readonly onUnknown?: 'fail' | 'warn' | undefined;
  /** Default 0. */
  readonly tolerance?: number | undefined;
  /** Default `true`. */
  readonly ratchet?: boolean | undefined;
  /** Shown, never enforced. */
  readonly target?: number | undefined;
  /** Why the gate is there, for people reading the contract. */
  readonly description?: string | undefined;
}

/**
 * A gate whose measurement must be at least `min` percent (coverage, mutation score, readiness).
 * @public
 */
export interface MinGateRule extends GateRule {
  /** Lowest acceptable value, in percent. */
  readonly min: number;
}

/**
 * A {@link MinGateRule} as written in JSON.
 * @public
 */
export interface MinGateRuleInput extends GateRuleInput {
  /** Lowest acceptable value, in percent. */
  readonly min: number;
}

/**
 * A gate whose count must be at most `max` (vulnerabilities).
 * @public
 */
export interface MaxGateRule extends GateRule {
  /** Highest acceptable count. */
  readonly max: number;
}

/**
 * A {@link MaxGateRule} as written in JSON.
 * @public
 */
export interface MaxGateRuleInput extends GateRuleInput {
  /** Highest acceptable count. */
  readonly max: number;
}

/**
 * The `flake.rate` gate.
 * @public
 */
export interface FlakeGateRule extends GateRule {
  /** Highest acceptable share of flaky tests, in percent. */
  readonly max: number;
  /** Fewest repeated runs the flake report must hold; fewer makes the measurement unknown. */
  readonly minRuns: number;
}

/**
 * A {@link FlakeGateRule} as written in JSON.
 * @public
 */
export interface FlakeGateRuleInput extends GateRuleInput {
  /** Highest acceptable share of flaky tests, in percent. */
  readonly max: number;
  /** Default 3. */
  readonly minRuns?: number | undefined;
}

/**
 * A gate read from bench lines: `latency.p95` (`max` in milliseconds) or `error.rate` (`max` in percent).
 * @public
 */
export interface BenchGateRule extends GateRule {
  /** Highest acceptable value: milliseconds for `latency.p95`, percent for `error.rate`. */
  readonly max: number;
  /** The bench `metric` to read. */
  readonly metric: string;
  /** Only bench lines whose `bench` equals this. */
  readonly bench?: string | undefined;
  /** Only bench lines whose `case` equals this. */
  readonly case?: string | undefined;
}

/**
 * A {@link BenchGateRule} as written in JSON.
 * @public
 */
export interface BenchGateRuleInput extends GateRuleInput {
  /** Highest acceptable value: milliseconds for `latency.p95`, percent for `error.rate`. */
  readonly max: number;
  /** Default `p95` for `latency.p95`, `error_rate` for `error.rate`. */
  readonly metric?: string | undefined;
  /** Only bench lines whose `bench` equals this. */
  readonly bench?: string | undefined;
  /** Only bench lines whose `case` equals this. */
  readonly case?: string | undefined;
}

/**
 * Settings of a per-file gate for one package; unset fields come from the project-wide gate.
 * @public
 */
export interface PackageGateOverride {
  /** Lowest acceptable value for the package, in percent. */
  readonly min?: number | undefined;
  /** See {@link GateRule.level}. */
  readonly level?: 'required' | 'warn' | undefined;
  /** See {@link GateRule.onUnknown}. */
  readonly onUnknown?: 'fail' | 'warn' | undefined;
  /** See {@link GateRule.tolerance}. */
  readonly tolerance?: number | undefined;
  /** See {@link GateRule.ratchet}. */
  readonly ratchet?: boolean | undefined;
  /** See {@link GateRule.target}. */
  readonly target?: number | undefined;
}
