import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';
import type { QualityGateContract, QualityGateContractInput } from './QualityGateContract.js';

const percent = z.number().min(0).max(100);

const gateCommon = {
  level: z
    .enum(['required', 'warn'])
    .default('required')
    .describe('`required`: a violation fails the check; `warn`: it is reported but the check still passes.'),
  onUnknown: z
    .enum(['fail', 'warn'])
    .default('fail')
    .describe('What a missing or untrustworthy measurement means: fail the gate, or only warn.'),
  tolerance: z
    .number()
    .min(0)
    .default(0)
    .describe('How much worse than the committed baseline a measurement may be before the ratchet fails.'),
  ratchet: z.boolean().default(true).describe('Compare with and (with --update) raise the committed baseline.'),
  target: z.number().optional().describe('Where the threshold is heading; shown in the table, never enforced.'),
  description: z.string().optional(),
};

const minPercentGate = z
  .strictObject({ min: percent.describe('Lowest acceptable value, in percent.'), ...gateCommon })
  .describe('A gate whose measurement must be at least `min` percent.');
const _maxPercentGate = z
  .strictObject({ max: percent.describe('Highest acceptable value, in percent.'), ...gateCommon })
  .describe('A gate whose measurement must be at most `max` percent.');
const maxCountGate = z
  .strictObject({ max: z.number().int().min(0).describe('Highest acceptable count.'), ...gateCommon })
  .describe('A gate whose count must be at most `max`.');
const flakeGate = z.strictObject({
  max: percent.describe('Highest acceptable share of flaky tests, in percent.'),
  minRuns: z
    .number()
    .int()
    .min(1)
    .default(3)
    .describe('Fewest repeated runs the flake report must hold; fewer makes the measurement unknown.'),
  ...gateCommon,
});
const benchSelector = {
  bench: z.string().optional().describe('Only bench lines whose `bench` equals this.'),
  case: z.string().optional().describe('Only bench lines whose `case` equals this.'),
};
const latencyGate = z.strictObject({
  max: z.number().positive().describe('Highest acceptable latency, in milliseconds.'),
  metric: z.string().default('p95').describe('The bench `metric` to read.'),
  ...benchSelector,
  ...gateCommon,
});
const errorRateGate = z.strictObject({
  max: percent.describe('Highest acceptable error rate, in percent.'),
  metric: z.string().default('error_rate').describe('The bench `metric` to read.'),
  ...benchSelector,
  ...gateCommon,
});

const packageOverride = z
  .strictObject({
    min: percent.optional(),
    level: gateCommon.level.unwrap().optional(),
    onUnknown: gateCommon.onUnknown.unwrap().optional(),
    tolerance: z.number().min(0).optional(),
    ratchet: z.boolean().optional(),
    target: z.number().optional(),
  })
  .describe('Settings for one package; unset fields come from the project-wide gate.');

const schema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1).describe('Contract format version.'),
    reports: z
      .strictObject({
        coverage: z.string().default('coverage/coverage-summary.json'),
        mutation: z.string().default('mutation/mutation.json'),
        audit: z.string().default('audit.json'),
        flake: z.string().default('flake.json'),
        bench: z.string().default('bench.jsonl'),
        eval: z.string().default('eval.json'),
      })
      .prefault({})
      .describe('Report paths, relative to the `--reports` directory.'),
    rubric: z.string().optional().describe('Operational-readiness rubric, relative to the project root.'),
    baseline: z.string().default('.eng/quality_baseline.json').describe('Ratchet baseline file, relative to the project root.'),
    gates: z
      .strictObject({
        'coverage.lines': minPercentGate.optional(),
        'coverage.branches': minPercentGate.optional(),
        'mutation.score': minPercentGate.optional(),
        'flake.rate': flakeGate.optional(),
        'vulnerabilities.critical': maxCountGate.optional(),
        'vulnerabilities.high': maxCountGate.optional(),
        'ops.readiness': minPercentGate.optional(),
        'latency.p95': latencyGate.optional(),
        'error.rate': errorRateGate.optional(),
        'eval.successRate': minPercentGate.optional(),
      })
      .describe('The gates to enforce; a gate left out is not checked.'),
    packages: z
      .record(
        z.string().regex(/^[^/\\].*[^/\\]$|^[^/\\]$/, 'a project-relative folder without leading or trailing slash'),
        z.strictObject({
          'coverage.lines': packageOverride.optional(),
          'coverage.branches': packageOverride.optional(),
          'mutation.score': packageOverride.optional(),
        }),
      )
      .default({})
      .describe('Per-package overrides keyed by folder (e.g. `packages/kernel`); only per-file reports have them.'),
  })
  .describe('Cortex-OS quality-gate contract.');

// Compile-time proof that the schema and the interfaces have not drifted apart.
true satisfies SchemaFits<QualityGateContract, typeof schema>;
true satisfies SchemaFits<QualityGateContractInput, typeof schema>;

/**
 * The zod schema of `.eng/quality_gate.json`: thresholds, levels, unknown handling, per-package
 * overrides and where the reports are.
 * @public
 */
export const qualityGateContractSchema: z.ZodType<QualityGateContract, QualityGateContractInput> = schema;
