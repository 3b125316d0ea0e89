import { z } from 'zod';

/**
 * Weights of the normalised semantic and keyword scores in `hybrid` mode: each finite and ≥ 0,
 * not both 0 (the blend divides by their sum). Only their ratio matters. One schema for a query's
 * `weights`, a store's `searchWeights` and the plugin's `search.weights`.
 */
export const memorySearchWeightsSchema = z
  .object({ semantic: z.number().min(0), keyword: z.number().min(0) })
  .strict()
  .refine((w) => w.semantic + w.keyword > 0, 'weights must not both be 0');

/** The default hybrid weights: 0.6 semantic, 0.4 keyword. */
export const defaultMemorySearchWeights: { readonly semantic: number; readonly keyword: number } = Object.freeze({
  semantic: 0.6,
  keyword: 0.4,
});
