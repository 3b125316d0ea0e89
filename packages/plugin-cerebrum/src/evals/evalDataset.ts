import { z } from 'zod';
import { CerebrumError } from '../errors/CerebrumError.js';

/**
 * What a case expects of an agent's run; every given check must hold.
 * @public
 */
export interface EvalExpectation {
  /** How the run must end (default `completed`). */
  readonly status?: 'completed' | 'failed' | 'cancelled' | 'budget-exceeded' | undefined;
  /** Substrings the answer must contain (case aside). */
  readonly contains?: readonly string[] | undefined;
  /** Substrings the answer must not contain (case aside). */
  readonly notContains?: readonly string[] | undefined;
  /** A regular expression the answer must match. */
  readonly matches?: string | undefined;
  /** The expected tool trajectory: names of the tools called, in order, exactly. */
  readonly tools?: readonly string[] | undefined;
  /** Most steps the run may take. */
  readonly maxSteps?: number | undefined;
}

/**
 * One case of an eval dataset: an input for the agent and what its run must show.
 * @public
 */
export interface EvalDatasetCase {
  readonly id: string;
  readonly input: string;
  readonly expect: EvalExpectation;
}

/**
 * An eval dataset: a versioned file of cases (`kind: 'cortex-eval-dataset'`).
 * @public
 */
export interface EvalDataset {
  readonly kind: 'cortex-eval-dataset';
  readonly name: string;
  /** Bump it when cases change, so reports compare like with like. */
  readonly version: string;
  readonly cases: readonly EvalDatasetCase[];
}

const regexSchema = z.string().refine((text) => {
  try {
    new RegExp(text);
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

const caseSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" and "-"'),
  input: z.string().min(1).max(20_000),
  expect: z.strictObject({
    status: z.enum(['completed', 'failed', 'cancelled', 'budget-exceeded']).optional(),
    contains: z.array(z.string().min(1)).optional(),
    notContains: z.array(z.string().min(1)).optional(),
    matches: regexSchema.optional(),
    tools: z.array(z.string().min(1)).optional(),
    maxSteps: z.int().min(1).optional(),
  }),
});

/** One dataset case as a file or a tool call gives it (`cerebrum.evals` takes cases inline). */
export const evalDatasetCaseSchema: z.ZodType<EvalDatasetCase, EvalDatasetCase> = caseSchema;

/** Cases of one dataset: at least one, at most `max`, ids unique. */
export function evalCasesSchema(max: number) {
  return z
    .array(evalDatasetCaseSchema)
    .min(1)
    .max(max)
    .refine((cases) => new Set(cases.map((item) => item.id)).size === cases.length, 'case ids must be unique');
}

const datasetSchema = z.strictObject({
  kind: z.literal('cortex-eval-dataset'),
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lowercase letters, digits, ".", "_" and "-"'),
  version: z.string().min(1).max(32),
  cases: evalCasesSchema(Number.MAX_SAFE_INTEGER),
});

/** A whole dataset, as {@link parseEvalDataset} checks it (the plugin's registered datasets too). */
export const evalDatasetSchema: z.ZodType<EvalDataset, EvalDataset> = datasetSchema;

/**
 * Parses an eval dataset (a file's JSON), listing every problem with its path.
 * @throws {@link CerebrumError} `CEREBRUM_EVAL_DATASET_INVALID`.
 * @public
 */
export function parseEvalDataset(value: unknown, source = 'dataset'): EvalDataset {
  const parsed = datasetSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw CerebrumError.create('CEREBRUM_EVAL_DATASET_INVALID', { source, problems: problems.join('; ') }, { details: { problems } });
}
