import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';
import { type EvalDataset, evalDatasetSchema } from '../evals/evalDataset.js';

/**
 * A configuration `cerebrum.evals` may run: a label and the agent it runs. Only the host names
 * them, so a remote caller can run no agent the host did not offer for evals.
 * @public
 */
export interface CerebrumEvalConfiguration {
  /** What callers name it by, and the label of its report. */
  readonly name: string;
  /** The agent each case runs with. */
  readonly agent: string;
}

/**
 * The `cerebrum.evals` tool: what callers may run and how much one call may spend. Without it the
 * plugin contributes no evals tool.
 * @public
 */
export interface CerebrumEvalsOptions {
  /** The configurations callers choose from; the first is the default. */
  readonly configurations: CerebrumEvalConfiguration[];
  /** Datasets callers may run by name (parsed as dataset files are); callers may also give cases inline. */
  readonly datasets: EvalDataset[];
  /** Most cases per call and configuration: inline cases beyond it are refused, and a registered dataset may hold no more. */
  readonly maxCases: number;
  /** Most tokens one call may spend, all cases and configurations together; a caller may ask for less. */
  readonly maxTokens: number;
  /** Most wall time one call may take, in milliseconds; a caller may ask for less. */
  readonly maxWallMs: number;
}

/**
 * {@link CerebrumEvalsOptions} as a host writes them: only `configurations` is required.
 * @public
 */
export interface CerebrumEvalsOptionsInput {
  /** See {@link CerebrumEvalsOptions.configurations}: 1 to 20, names unique. */
  readonly configurations: CerebrumEvalConfiguration[];
  /** See {@link CerebrumEvalsOptions.datasets} (default none: cases inline only). */
  readonly datasets?: EvalDataset[] | undefined;
  /** See {@link CerebrumEvalsOptions.maxCases} (default 20). */
  readonly maxCases?: number | undefined;
  /** See {@link CerebrumEvalsOptions.maxTokens} (default 200,000). */
  readonly maxTokens?: number | undefined;
  /** See {@link CerebrumEvalsOptions.maxWallMs} (default 120,000: two minutes). */
  readonly maxWallMs?: number | undefined;
}

const nameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" and "-"');

/** Names in a list must be unique; the issue names the first repeated one by its index. */
function uniqueNames(items: readonly { readonly name: string }[], ctx: z.RefinementCtx, what: string): void {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.name))
      ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `${what} names must be unique ("${item.name}" repeats)` });
    seen.add(item.name);
  });
}

const evalsSchema = z
  .strictObject({
    configurations: z
      .array(z.strictObject({ name: nameSchema, agent: z.string().min(1).max(64) }))
      .min(1)
      .max(20)
      .superRefine((items, ctx) => uniqueNames(items, ctx, 'configuration')),
    datasets: z
      .array(evalDatasetSchema)
      .max(100)
      .superRefine((items, ctx) => uniqueNames(items, ctx, 'dataset'))
      .default([]),
    maxCases: z.int().min(1).max(1000).default(20),
    maxTokens: z.int().min(1).max(100_000_000).default(200_000),
    maxWallMs: z.int().min(1).max(3_600_000).default(120_000),
  })
  .superRefine((options, ctx) => {
    options.datasets.forEach((dataset, index) => {
      if (dataset.cases.length > options.maxCases)
        ctx.addIssue({
          code: 'custom',
          path: ['datasets', index, 'cases'],
          message: `dataset "${dataset.name}" has ${dataset.cases.length} cases, more than maxCases (${options.maxCases})`,
        });
    });
  });

true satisfies SchemaFits<CerebrumEvalsOptions, typeof evalsSchema>;
true satisfies SchemaFits<CerebrumEvalsOptionsInput, typeof evalsSchema>;

/** The `evals` option of the cerebrum plugin. */
export const cerebrumEvalsOptionsSchema: z.ZodType<CerebrumEvalsOptions, CerebrumEvalsOptionsInput> = evalsSchema;
