import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';

/**
 * One item of a {@link ReadinessRubric}, defaults filled in.
 * @public
 */
export interface ReadinessRubricItem {
  /** Lowercase letters, digits, dots and dashes; unique in the rubric. */
  readonly id: string;
  /** What the item checks, for people. */
  readonly title: string;
  /** The item's share of the score (positive). */
  readonly weight: number;
  /** A shell command line (run by /bin/sh -c), or an argv array run without a shell. */
  readonly run: string | string[];
  /** How long the command may run (ms); default 60000. */
  readonly timeoutMs: number;
}

/**
 * One item of a {@link ReadinessRubricInput}, as written in JSON.
 * @public
 */
export interface ReadinessRubricItemInput {
  /** Lowercase letters, digits, dots and dashes; unique in the rubric. */
  readonly id: string;
  /** Not empty. */
  readonly title: string;
  /** Positive. */
  readonly weight: number;
  /** A shell command line, or a non-empty argv array. */
  readonly run: string | string[];
  /** Default 60000. */
  readonly timeoutMs?: number | undefined;
}

/**
 * A validated rubric.
 * @public
 */
export interface ReadinessRubric {
  /** Where editors find a JSON Schema; not read. */
  readonly $schema?: string | undefined;
  /** Format version. */
  readonly version: 1;
  /** At least one item. */
  readonly items: ReadinessRubricItem[];
}

/**
 * A rubric as written in JSON, before defaults are filled in.
 * @public
 */
export interface ReadinessRubricInput {
  /** Where editors find a JSON Schema; not read. */
  readonly $schema?: string | undefined;
  /** Format version. */
  readonly version: 1;
  /** At least one item. */
  readonly items: ReadinessRubricItemInput[];
}

const schema = z
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

// Compile-time proof that the schema and the interfaces have not drifted apart.
true satisfies SchemaFits<ReadinessRubric, typeof schema>;
true satisfies SchemaFits<ReadinessRubricInput, typeof schema>;

/**
 * The format of an operational-readiness rubric: weighted items, each decided by the exit code of
 * a command (0 passes), never by a file merely existing.
 * @public
 */
export const readinessRubricSchema: z.ZodType<ReadinessRubric, ReadinessRubricInput> = schema;
