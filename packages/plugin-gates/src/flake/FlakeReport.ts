import { z } from 'zod';

/**
 * The format of the file the flake reporter appends to: one entry per vitest run, each with the
 * outcome, retries and repeats of every test.
 * @public
 */
export const flakeReportSchema = z.strictObject({
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

/**
 * A flake report: every recorded run.
 * @public
 */
export type FlakeReport = z.output<typeof flakeReportSchema>;

/**
 * One test in one run of a {@link FlakeReport}.
 * @public
 */
export type FlakeReportTest = FlakeReport['runs'][number]['tests'][number];
