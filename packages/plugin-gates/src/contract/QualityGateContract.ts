import type {
  BenchGateRule,
  BenchGateRuleInput,
  FlakeGateRule,
  FlakeGateRuleInput,
  MaxGateRule,
  MaxGateRuleInput,
  MinGateRule,
  MinGateRuleInput,
  PackageGateOverride,
} from './GateRule.js';

/**
 * Where a contract's reports are, relative to the `--reports` directory, defaults filled in.
 * @public
 */
export interface QualityGateReports {
  /** Istanbul's `json-summary`; default `coverage/coverage-summary.json`. */
  readonly coverage: string;
  /** Stryker's JSON report; default `mutation/mutation.json`. */
  readonly mutation: string;
  /** `npm audit --json` (or pnpm's); default `audit.json`. */
  readonly audit: string;
  /** The flake reporter's file; default `flake.json`. */
  readonly flake: string;
  /** Bench lines (JSON Lines); default `bench.jsonl`. */
  readonly bench: string;
  /** An eval report (`kind: 'cortex-eval'`); default `eval.json`. */
  readonly eval: string;
}

/**
 * Where a contract's reports are, as written in JSON (every path has a default).
 * @public
 */
export interface QualityGateReportsInput {
  /** Default `coverage/coverage-summary.json`. */
  readonly coverage?: string | undefined;
  /** Default `mutation/mutation.json`. */
  readonly mutation?: string | undefined;
  /** Default `audit.json`. */
  readonly audit?: string | undefined;
  /** Default `flake.json`. */
  readonly flake?: string | undefined;
  /** Default `bench.jsonl`. */
  readonly bench?: string | undefined;
  /** Default `eval.json`. */
  readonly eval?: string | undefined;
}

/**
 * The gates of a {@link QualityGateContract}; a gate left out is not checked.
 * @public
 */
export interface QualityGateRules {
  /** Line coverage, from istanbul's `coverage-summary.json`. */
  readonly 'coverage.lines'?: MinGateRule | undefined;
  /** Branch coverage, from istanbul's `coverage-summary.json`. */
  readonly 'coverage.branches'?: MinGateRule | undefined;
  /** Mutation score, from Stryker's `mutation.json`. */
  readonly 'mutation.score'?: MinGateRule | undefined;
  /** Share of flaky tests, from the flake reporter's file. */
  readonly 'flake.rate'?: FlakeGateRule | undefined;
  /** Critical vulnerabilities, from `npm audit --json` / `pnpm audit --json`. */
  readonly 'vulnerabilities.critical'?: MaxGateRule | undefined;
  /** High vulnerabilities, from `npm audit --json` / `pnpm audit --json`. */
  readonly 'vulnerabilities.high'?: MaxGateRule | undefined;
  /** Operational-readiness score, from the rubric. */
  readonly 'ops.readiness'?: MinGateRule | undefined;
  /** Share of eval cases passed, from an eval report. */
  readonly 'eval.successRate'?: MinGateRule | undefined;
  /** p95 latency, from bench lines. */
  readonly 'latency.p95'?: BenchGateRule | undefined;
  /** Error rate, from bench lines. */
  readonly 'error.rate'?: BenchGateRule | undefined;
}

/**
 * The gates of a {@link QualityGateContractInput}, as written in JSON.
 * @public
 */
export interface QualityGateRulesInput {
  /** Line coverage, from istanbul's `coverage-summary.json`. */
  readonly 'coverage.lines'?: MinGateRuleInput | undefined;
  /** Branch coverage, from istanbul's `coverage-summary.json`. */
  readonly 'coverage.branches'?: MinGateRuleInput | undefined;
  /** Mutation score, from Stryker's `mutation.json`. */
  readonly 'mutation.score'?: MinGateRuleInput | undefined;
  /** Share of flaky tests, from the flake reporter's file. */
  readonly 'flake.rate'?: FlakeGateRuleInput | undefined;
  /** Critical vulnerabilities, from `npm audit --json` / `pnpm audit --json`. */
  readonly 'vulnerabilities.critical'?: MaxGateRuleInput | undefined;
  /** High vulnerabilities, from `npm audit --json` / `pnpm audit --json`. */
  readonly 'vulnerabilities.high'?: MaxGateRuleInput | undefined;
  /** Operational-readiness score, from the rubric. */
  readonly 'ops.readiness'?: MinGateRuleInput | undefined;
  /** Share of eval cases passed, from an eval report. */
  readonly 'eval.successRate'?: MinGateRuleInput | undefined;
  /** p95 latency, from bench lines. */
  readonly 'latency.p95'?: BenchGateRuleInput | undefined;
  /** Error rate, from bench lines. */
  readonly 'error.rate'?: BenchGateRuleInput | undefined;
}

/**
 * One package's overrides of the per-file gates.
 * @public
 */
export interface PackageGateOverrides {
  /** Line coverage of the package's files. */
  readonly 'coverage.lines'?: PackageGateOverride | undefined;
  /** Branch coverage of the package's files. */
  readonly 'coverage.branches'?: PackageGateOverride | undefined;
  /** Mutation score of the package's files. */
  readonly 'mutation.score'?: PackageGateOverride | undefined;
}

/**
 * A validated contract, with defaults filled in.
 * @public
 */
export interface QualityGateContract {
  /** Where editors find the JSON Schema (`schema/quality-gate.schema.json`); not read by the gates. */
  readonly $schema?: string | undefined;
  /** Contract format version. */
  readonly version: 1;
  /** Report paths, relative to the `--reports` directory. */
  readonly reports: QualityGateReports;
  /** Operational-readiness rubric, relative to the project root. */
  readonly rubric?: string | undefined;
  /** Ratchet baseline file, relative to the project root; default `.eng/quality_baseline.json`. */
  readonly baseline: string;
  /** The gates to enforce; a gate left out is not checked. */
  readonly gates: QualityGateRules;
  /** Per-package overrides keyed by folder (e.g. `packages/kernel`); only per-file reports have them. */
  readonly packages: Record<string, PackageGateOverrides>;
}

/**
 * A contract as written in JSON, before defaults are filled in.
 * @public
 */
export interface QualityGateContractInput {
  /** Where editors find the JSON Schema; not read by the gates. */
  readonly $schema?: string | undefined;
  /** Contract format version. */
  readonly version: 1;
  /** Report paths, relative to the `--reports` directory; each has a default. */
  readonly reports?: QualityGateReportsInput | undefined;
  /** Operational-readiness rubric, relative to the project root. */
  readonly rubric?: string | undefined;
  /** Default `.eng/quality_baseline.json`. */
  readonly baseline?: string | undefined;
  /** The gates to enforce; a gate left out is not checked. */
  readonly gates: QualityGateRulesInput;
  /** Folders without leading or trailing slash; default `{}`. */
  readonly packages?: Record<string, PackageGateOverrides> | undefined;
}

/**
 * The settings of one gate after merging defaults (and, for a package, its override).
 * @public
 */
export interface GateSettings {
  /** The `min` or `max` bound. */
  readonly threshold: number;
  /** Whether a violation fails the check or only warns. */
  readonly level: 'required' | 'warn';
  /** What an unknown measurement means. */
  readonly onUnknown: 'fail' | 'warn';
  /** How much worse than the baseline is still accepted. */
  readonly tolerance: number;
  /** Whether the baseline is compared and raised. */
  readonly ratchet: boolean;
  /** Where the threshold is heading. */
  readonly target?: number;
}
