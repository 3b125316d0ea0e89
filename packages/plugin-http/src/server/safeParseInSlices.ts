import { z } from 'zod';
import { NOT_PREPARED, type Prepared, withPrepared } from './replayNodes.js';
import { type SlicedSchema, type SlicePlan, slicedSchema } from './SlicedSchema.js';

/** Options of {@link safeParseInSlices}. */
export interface SliceParseOptions {
  /** About how many JSON values (objects, arrays, scalars) are validated between two yields. */
  readonly sliceSize: number;
  /** Lets the event loop run between slices (other requests are served meanwhile). */
  readonly yieldToLoop: () => Promise<void>;
}

/** Thrown when an element's validation turns out asynchronous: the body is validated in one step, as before. */
class NotSliceable extends Error {}

// One sliced form per schema; `null`: the schema holds no array or record to slice.
const sliced = new WeakMap<z.ZodType, SlicedSchema | null>();

function slicedFormOf(schema: z.ZodType): SlicedSchema | null {
  let form = sliced.get(schema);
  if (form === undefined) {
    form = slicedSchema(schema);
    sliced.set(schema, form);
  }
  return form;
}

/**
 * `schema.safeParse(value)`, with the event loop running between slices of a large body
 * (internal). The arrays and records the schema declares (at any depth under objects, arrays,
 * records and same-value wrappers such as optional) have their elements validated one by one,
 * about `sliceSize` JSON values between two yields — an element larger than that is gone into
 * instead, when its schema holds containers. Then the whole schema runs once, with each
 * container handing out the results already computed, so its own checks, the other fields and
 * every refinement see what they would in one step: data, issues and their order are those of
 * `schema.safeParse(value)`, for valid and invalid bodies alike. A failing body's issues are
 * finalized (messages built) in slices too.
 */
export async function safeParseInSlices(
  schema: z.ZodType,
  value: unknown,
  options: SliceParseOptions,
): Promise<z.ZodSafeParseResult<unknown>> {
  const form = slicedFormOf(schema);
  if (form === null) return schema.safeParse(value);
  const prepared = new Map<object, Prepared>();
  const ctx: z.core.ParseContextInternal = { async: false };
  const pass = new PreparingPass(prepared, ctx, options);
  try {
    await pass.walk(form.plan, value);
  } catch (error) {
    if (error instanceof NotSliceable) return schema.safeParse(value);
    throw error;
  }
  const result = withPrepared(prepared, () => form.schema._zod.run({ value, issues: [] }, ctx));
  if (result instanceof Promise) return schema.safeParse(value);
  if (result.issues.length === 0) return { success: true, data: result.value };
  const issues: z.core.$ZodIssue[] = [];
  for (const issue of result.issues) {
    issues.push(z.util.finalizeIssue(issue, ctx, z.config()));
    await pass.finalized();
  }
  return { success: false, error: new z.ZodRealError(issues) };
}

/** The first pass: validates the elements of the planned containers, slice by slice, and records their results. */
class PreparingPass {
  readonly #prepared: Map<object, Prepared>;
  readonly #ctx: z.core.ParseContextInternal;
  readonly #options: SliceParseOptions;
  #sinceYield = 0;

  constructor(prepared: Map<object, Prepared>, ctx: z.core.ParseContextInternal, options: SliceParseOptions) {
    this.#prepared = prepared;
    this.#ctx = ctx;
    this.#options = options;
  }

  async walk(plan: SlicePlan, value: unknown): Promise<void> {
    if (plan.kind === 'same-value') return this.walk(plan.inner, value);
    if (typeof value !== 'object' || value === null) return;
    if (plan.kind === 'object') {
      if (Array.isArray(value)) return;
      for (const [key, field] of plan.fields) await this.walk(field, (value as Record<string, unknown>)[key]);
      return;
    }
    if (plan.kind === 'array') {
      if (Array.isArray(value)) await this.#array(plan, value);
    } else if (z.util.isPlainObject(value)) await this.#record(plan, value);
  }

  async #array(plan: Extract<SlicePlan, { kind: 'array' }>, inputs: unknown[]): Promise<void> {
    const values: unknown[] = new Array(inputs.length);
    const issues: (z.core.$ZodRawIssue[] | undefined)[] = [];
    const { sliceSize } = this.#options;
    // Synchronous but for the yields: an await per element would cost more than most elements' validation.
    for (let i = 0; i < inputs.length; i += 1) {
      const input = inputs[i];
      const size = sizeUpTo(input, sliceSize);
      if (plan.elementPlan !== null && size > sliceSize) {
        // Too large for one slice: its own containers are sliced, and it is validated in the final pass.
        await this.walk(plan.elementPlan, input);
        values[i] = NOT_PREPARED;
        continue;
      }
      const result = plan.element._zod.run({ value: input, issues: [] }, this.#ctx);
      if (result instanceof Promise) throw new NotSliceable();
      values[i] = result.value;
      if (result.issues.length > 0) issues[i] = result.issues;
      this.#sinceYield += size;
      if (this.#sinceYield >= sliceSize) await this.#yield();
    }
    this.#prepared.set(inputs, { inputs, values, issues });
  }

  /** Validates a record a slice of keys at a time (without its checks) and keeps the joined result. */
  async #record(plan: Extract<SlicePlan, { kind: 'record' }>, record: Record<string, unknown>): Promise<void> {
    // zod visits symbol keys and skips `__proto__`: such a record (never a JSON body's) is validated whole.
    if (Object.getOwnPropertySymbols(record).length > 0 || Object.hasOwn(record, '__proto__')) return;
    const { sliceSize } = this.#options;
    const whole: z.core.ParsePayload<Record<string, unknown>> = { value: {}, issues: [] };
    let chunk: Record<string, unknown> = {};
    let work = 0;
    const flush = (): void => {
      const result = withPrepared(this.#prepared, () => plan.chunk._zod.run({ value: chunk, issues: [] }, this.#ctx));
      if (result instanceof Promise) throw new NotSliceable();
      const out = result.value as Record<string, unknown>;
      for (const key of Object.keys(out)) whole.value[key] = out[key];
      for (const issue of result.issues) whole.issues.push(issue);
      chunk = {};
      work = 0;
    };
    for (const key of Object.keys(record)) {
      const input = record[key];
      const size = sizeUpTo(input, sliceSize);
      // Too large for one slice: its own containers are sliced first, then it is validated in its slice of keys.
      if (plan.valuePlan !== null && size > sliceSize) await this.walk(plan.valuePlan, input);
      chunk[key] = input;
      work += size;
      if (work < sliceSize) continue;
      flush();
      await this.#yield();
    }
    flush();
    this.#prepared.set(record, { whole });
  }

  /** Counts one more issue finalized; lets the loop run once a slice is full. */
  async finalized(): Promise<void> {
    this.#sinceYield += 1;
    if (this.#sinceYield >= this.#options.sliceSize) await this.#yield();
  }

  #yield(): Promise<void> {
    this.#sinceYield = 0;
    return this.#options.yieldToLoop();
  }
}

/** How many JSON values `value` holds, counting up to `limit + 1` at most (a large container is not walked whole). */
function sizeUpTo(value: unknown, limit: number): number {
  if (typeof value !== 'object' || value === null) return 1;
  let count = 1;
  if (Array.isArray(value)) {
    for (const item of value) {
      count += sizeUpTo(item, limit - count);
      if (count > limit) return limit + 1;
    }
    return count;
  }
  for (const key in value) {
    count += sizeUpTo((value as Record<string, unknown>)[key], limit - count);
    if (count > limit) return limit + 1;
  }
  return count;
}
