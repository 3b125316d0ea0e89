import { z } from 'zod';

/** A task id as callers send it. */
export const taskIdSchema = z.string().min(1).max(200);

/** The states a caller may filter by. */
export const taskStateSchema = z.enum(['submitted', 'working', 'input-required', 'completed', 'failed', 'cancelled']);

/** A new agent task as callers send it. */
export const taskSubmitSchema = z.strictObject({
  agent: z.string().min(1).max(64),
  input: z.string().min(1).max(100_000),
  params: z
    .record(z.string(), z.json())
    .optional()
    .describe("More fields of the task's input, for a task runner (a plan task's options, say); checked by the runner when submitted."),
});

/** A person's answer to a task in `input-required` (exactly one of `approved`, `output`, `rerun`). */
export const taskAnswerSchema = z.union([
  z.strictObject({ callId: z.string().min(1), approved: z.boolean() }),
  z.strictObject({ callId: z.string().min(1), output: z.json() }),
  z.strictObject({ callId: z.string().min(1), rerun: z.literal(true) }),
]);

/** Filters and paging of a task list. */
export const taskListSchema = z.strictObject({
  state: taskStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: taskIdSchema.optional(),
});
