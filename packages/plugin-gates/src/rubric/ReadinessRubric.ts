import { z } from 'zod';

/**
 * The format of an operational-readiness rubric: weighted items, each decided by the exit code of
 * a command (0 passes), never by a file merely existing.
 * @public
 */
export const readinessRubricSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.literal(1),
    items: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'lowercase letters, digits, dots and dashes'),
          title: z.string().min(1),
          weight: z.number().positive(),
          run: z
            .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
            .describe('A shell command line (run by /bin/sh -c), or an argv array run without a shell.'),
          timeoutMs: z.number().int().positive().default(60_000),
        }),
      )
      .min(1),
  })
  .superRefine((rubric, ctx) => {
    const seen = new Set<string>();
    rubric.items.forEach((item, i) => {
      if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate item id ${item.id}` });
      seen.add(item.id);
    });
  });

/**
 * A validated rubric.
 * @public
 */
export type ReadinessRubric = z.output<typeof readinessRubricSchema>;

/**
 * One item of a {@link ReadinessRubric}.
 * @public
 */
export type ReadinessRubricItem = ReadinessRubric['items'][number];
