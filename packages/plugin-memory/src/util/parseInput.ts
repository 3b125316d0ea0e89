import type { z } from 'zod';
import { MemoryError } from '../errors/MemoryError.js';

/** Parses `value` with `schema`, or throws `MEMORY_INPUT_INVALID` listing every issue with its path. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.map(String).join('.') || '(root)', message: issue.message }));
  throw new MemoryError('MEMORY_INPUT_INVALID', `invalid ${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, {
    details: { issues },
  });
}
