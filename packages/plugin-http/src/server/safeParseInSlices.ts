import { z } from 'zod';

/** Options of {@link safeParseInSlices}. */
export interface SliceParseOptions {
  /** Array elements validated between two yields. */
  readonly chunkSize: number;
  /** Lets the event loop run between chunks (other requests are served meanwhile). */
  readonly yieldToLoop: () => Promise<void>;
}

/** How an object schema with top-level array fields is validated in slices. */
interface SlicePlan {
  /** Each top-level array field and its element schema. */
  readonly fields: readonly (readonly [key: string, element: z.ZodType])[];
  /** The schema with those fields' elements accepted as they are (they were validated already). */
  readonly rest: z.ZodType;
}

// One plan per schema; `null`: the schema is not an object with a top-level array field.
const plans = new WeakMap<z.ZodType, SlicePlan | null>();

/**
 * `schema.safeParse(value)`, with the event loop running between chunks of a large body's arrays
 * (internal). For an object schema whose top-level fields include plain arrays, each element is
 * validated on its own, `chunkSize` at a time; then the object is validated with those arrays'
 * elements taken as parsed — the array's own checks (length, refinements), the other fields and
 * the object's refinements run as in one step. Whatever else (another schema, an element that
 * fails, a field that is not an array) is validated in one step, so that the result — data,
 * issues and their order — is always that of `schema.safeParse(value)`.
 */
export async function safeParseInSlices(
  schema: z.ZodType,
  value: unknown,
  options: SliceParseOptions,
): Promise<z.ZodSafeParseResult<unknown>> {
  const plan = planOf(schema);
  if (plan === null || typeof value !== 'object' || value === null || Array.isArray(value)) return schema.safeParse(value);
  const input: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  let sinceYield = 0;
  for (const [key, element] of plan.fields) {
    const items = input[key];
    if (!Array.isArray(items)) return schema.safeParse(value);
    const parsed: unknown[] = new Array(items.length);
    for (let i = 0; i < items.length; i += 1) {
      const result = element.safeParse(items[i]);
      // The issues of a failing body keep the order and paths of one step: it is validated again whole.
      if (!result.success) return schema.safeParse(value);
      parsed[i] = result.data;
      sinceYield += 1;
      if (sinceYield >= options.chunkSize) {
        sinceYield = 0;
        await options.yieldToLoop();
      }
    }
    input[key] = parsed;
  }
  return plan.rest.safeParse(input);
}

function planOf(schema: z.ZodType): SlicePlan | null {
  let plan = plans.get(schema);
  if (plan === undefined) {
    plan = buildPlan(schema);
    plans.set(schema, plan);
  }
  return plan;
}

function buildPlan(schema: z.ZodType): SlicePlan | null {
  const def = schema.def as { type: string; shape?: Record<string, z.ZodType> };
  if (def.type !== 'object' || def.shape === undefined) return null;
  const fields: [string, z.ZodType][] = [];
  const shape: Record<string, z.ZodType> = { ...def.shape };
  for (const [key, field] of Object.entries(def.shape)) {
    const fieldDef = field.def as { type: string; element?: z.ZodType };
    if (fieldDef.type !== 'array' || fieldDef.element === undefined) continue;
    fields.push([key, fieldDef.element]);
    shape[key] = field.clone({ ...fieldDef, element: z.any() } as typeof field.def);
  }
  if (fields.length === 0) return null;
  return { fields, rest: schema.clone({ ...schema.def, shape } as typeof schema.def) };
}
