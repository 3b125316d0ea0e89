import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';

/**
 * One test in one run of a {@link FlakeReport}.
 * @public
 */
export interface FlakeReportTest {
  /** `file > full test name`, the file relative to the project root. */
  readonly id: string;
  /** Vitest's final state of the test. */
  readonly state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** How many times vitest retried the test. */
  readonly retryCount: number;
  /** How many times vitest repeated the test. */
  readonly repeatCount: number;
  /** Whether vitest saw the test fail and then pass. */
  readonly flaky: boolean;
}

/**
 * One vitest run of a {@link FlakeReport}.
 * @public
 */
export interface FlakeReportRun {
  /** When the run started (ISO 8601). */
  readonly startedAt: string;
  /** How the run ended. */
  readonly reason: 'passed' | 'failed' | 'interrupted';
  /** Every test of the run. */
  readonly tests: FlakeReportTest[];
}

/**
 * A flake report: every recorded run.
 * @public
 */
export interface FlakeReport {
  /** Format version. */
  readonly version: 1;
  /** Every recorded run, oldest first. */
  readonly runs: FlakeReportRun[];
}

const schema = z.strictObject({
  version: z.literal(1),
  runs: z.array(
    z.strictObject({
      startedAt: z.string(),
      reason: z.enum(['passed', 'failed', 'interrupted']),
      tests: z.array(
        z.strictObject({
          id: z.string(),
          state: z.enum(['passed', 'failed', 'skipped', 'pending']),
          retryCount: z.number().int().min(0),
          repeatCount: z.number().int().min(0),
          flaky: z.boolean(),
        }),
      ),
    }),
  ),
});

// Compile-time proof that the schema and the interfaces have not drifted apart.
true satisfies SchemaFits<FlakeReport, typeof schema>;

/**
 * The format of the file the flake reporter appends to: one entry per vitest run, each with the
 * outcome, retries and repeats of every test.
 * @public
 */
export const flakeReportSchema: z.ZodType<FlakeReport, FlakeReport> = schema;
