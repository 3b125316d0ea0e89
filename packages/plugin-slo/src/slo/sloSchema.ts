import type { SchemaFits } from '@cortex-os/kernel';
import { durationBuckets } from '@cortex-os/plugin-http';
import { z } from 'zod';
import { parseDuration } from './duration.js';
import type { SloDefinition, SloDefinitionInput } from './SloDefinition.js';

const objective = z.number().gt(0, 'an objective is a share above 0').lt(1, 'an objective is a share below 1 (1 leaves no error budget)');
const bucketsMs = durationBuckets.map((seconds) => Math.round(seconds * 1e6) / 1e3);

const definitionSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/, 'a name is lowercase letters, digits, `_`, `.` and `-`'),
    description: z.string().max(500).optional(),
    route: z
      .object({
        path: z.string().startsWith('/', 'a route pattern starts with /'),
        method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).optional(),
      })
      .strict()
      .optional(),
    tool: z.string().min(1).optional(),
    window: z
      .string()
      .refine((text) => (parseDuration(text) ?? 0) >= 86_400, 'a window is a Prometheus duration of at least one day (`30d`, `4w`)')
      .default('30d'),
    errors: z.object({ objective }).strict().optional(),
    latency: z
      .object({
        objective,
        thresholdMs: z
          .number()
          .refine(
            (ms) => bucketsMs.includes(ms),
            `a latency threshold is a bucket of the duration histograms, in ms: ${bucketsMs.join(', ')}`,
          ),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((slo, context) => {
    if ((slo.route === undefined) === (slo.tool === undefined))
      context.addIssue({ code: 'custom', message: 'an SLO covers exactly one of `route` and `tool`', path: [] });
    if (slo.errors === undefined && slo.latency === undefined)
      context.addIssue({ code: 'custom', message: 'an SLO has an `errors` or a `latency` objective, or both', path: [] });
  });

true satisfies SchemaFits<SloDefinition, typeof definitionSchema>;
true satisfies SchemaFits<SloDefinitionInput, typeof definitionSchema>;

/**
 * The schema of one SLO definition.
 * @public
 */
export const sloDefinitionSchema: z.ZodType<SloDefinition, SloDefinitionInput> = definitionSchema;

/**
 * The schema of a list of SLO definitions: each valid, names unique.
 * @public
 */
export const sloListSchema: z.ZodType<readonly SloDefinition[], readonly SloDefinitionInput[]> = z
  .array(definitionSchema)
  .readonly()
  .superRefine((slos, context) => {
    const seen = new Set<string>();
    slos.forEach((slo, index) => {
      if (seen.has(slo.name)) context.addIssue({ code: 'custom', message: `the name "${slo.name}" is used twice`, path: [index, 'name'] });
      seen.add(slo.name);
    });
  });
