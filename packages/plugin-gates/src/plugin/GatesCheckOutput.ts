import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';

/**
 * One gate's result in a {@link GatesCheckOutput}.
 * @public
 */
export interface GatesCheckOutputResult {
  /** The gate id (`coverage.lines`, …). */
  readonly gate: string;
  /** `total`, a package folder, or a bench `bench/case`. */
  readonly scope: string;
  /** `warn` for a warn-level violation or an unknown measurement the contract only warns about. */
  readonly status: 'pass' | 'fail' | 'warn';
  /** The measured value; `null` when unknown. */
  readonly measured: number | null;
  /** The threshold that applies in this scope. */
  readonly threshold: number;
  /** Unit of the measurement and threshold: `%`, `count` or `ms`. */
  readonly unit: string;
  /** The report file. */
  readonly source: string;
}

/**
 * One violation in a {@link GatesCheckOutput}.
 * @public
 */
export interface GatesCheckOutputViolation {
  /** The gate id (`coverage.lines`, …). */
  readonly gate: string;
  /** `total`, a package folder, or a bench `bench/case`. */
  readonly scope: string;
  /** `threshold` not met, `unknown` measurement, or `ratchet` slipped. */
  readonly kind: 'threshold' | 'unknown' | 'ratchet';
  /** `error` fails the check; `warning` is reported only. */
  readonly severity: 'error' | 'warning';
  /** The threshold (or, for `ratchet`, the baseline less the tolerance) that was not met. */
  readonly threshold: number | null;
  /** The measured value; `null` when unknown. */
  readonly measured: number | null;
  /** Unit of the measurement and threshold: `%`, `count` or `ms`. */
  readonly unit: string;
  /** The report file, or `(none)`. */
  readonly source: string;
  /** One line for humans. */
  readonly message: string;
}

/**
 * The structured output of the `gates_check` tool.
 * @public
 */
export interface GatesCheckOutput {
  /** True when no violation has severity `error`. */
  readonly passed: boolean;
  /** One verdict per gate and scope. */
  readonly results: GatesCheckOutputResult[];
  /** Every violation, errors and warnings. */
  readonly violations: GatesCheckOutputViolation[];
}

const schema = z.object({
  passed: z.boolean(),
  results: z.array(
    z.object({
      gate: z.string(),
      scope: z.string(),
      status: z.enum(['pass', 'fail', 'warn']),
      measured: z.number().nullable(),
      threshold: z.number(),
      unit: z.string(),
      source: z.string(),
    }),
  ),
  violations: z.array(
    z.object({
      gate: z.string(),
      scope: z.string(),
      kind: z.enum(['threshold', 'unknown', 'ratchet']),
      severity: z.enum(['error', 'warning']),
      threshold: z.number().nullable(),
      measured: z.number().nullable(),
      unit: z.string(),
      source: z.string(),
      message: z.string(),
    }),
  ),
});

// Compile-time proof that the schema and the interfaces have not drifted apart.
true satisfies SchemaFits<GatesCheckOutput, typeof schema>;

/**
 * The output contract of the `gates_check` tool.
 * @public
 */
export const gatesCheckOutputSchema: z.ZodType<GatesCheckOutput, GatesCheckOutput> = schema;
