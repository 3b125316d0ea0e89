import { z } from 'zod';

/**
 * Where a store on PostgreSQL lives, as a plugin option: `url` (`postgres://…`), `schema` (a plain
 * lower-case identifier: it is written into every statement) and `poolSize` (1–100).
 * @public
 */
export interface PostgresStoreOptions {
  readonly url: string;
  readonly schema?: string | undefined;
  readonly poolSize?: number | undefined;
}

/**
 * The zod schema of {@link PostgresStoreOptions}, shared by the stores built on this driver (tasks,
 * the event log) so their `postgres` options are checked the same way.
 * @public
 */
export const postgresStoreSchema: z.ZodType<PostgresStoreOptions, PostgresStoreOptions> = z.strictObject({
  url: z.string().regex(/^postgres(ql)?:\/\//, { error: 'expected a postgres:// URL' }),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/)
    .optional(),
  poolSize: z.number().int().min(1).max(100).optional(),
});
