import { z } from 'zod';
import { preparedContainer, preparedRecord, replayElement } from './replayNodes.js';

/**
 * Where in a value the containers validated in slices are (internal): the fields of an object,
 * the value inside a wrapper (optional, nullable, default, catch, readonly, a pipe's input), the
 * elements of an array or the values of a record.
 */
export type SlicePlan =
  | { readonly kind: 'object'; readonly fields: readonly (readonly [key: string, plan: SlicePlan])[] }
  | { readonly kind: 'same-value'; readonly inner: SlicePlan }
  | {
      readonly kind: 'array';
      /** Validates one element (its own nested containers replayable). */
      readonly element: z.core.$ZodType;
      /** How to go into an element too large for one slice; null: it is validated whole. */
      readonly elementPlan: SlicePlan | null;
    }
  | {
      readonly kind: 'record';
      /** The record without its checks: validates a slice of its keys. */
      readonly chunk: z.core.$ZodType;
      /** How to go into a value too large for one slice; null: it is validated whole. */
      readonly valuePlan: SlicePlan | null;
    };

/** A schema rewritten so that the results of its containers' elements, validated earlier, are replayed; and its plan. */
export interface SlicedSchema {
  readonly schema: z.core.$ZodType;
  readonly plan: SlicePlan;
}

/** Schemas nested deeper than this are validated whole below that level (and a recursive one cannot loop). */
const MAX_PLAN_DEPTH = 12;
/** Wrappers that hand their inner schema the value they were given (or none at all). */
const SAME_VALUE_WRAPPERS = new Set(['optional', 'nullable', 'nonoptional', 'default', 'prefault', 'catch', 'readonly']);

type AnyDef = z.core.$ZodTypeDef & Record<string, unknown>;

function defOf(schema: z.core.$ZodType): AnyDef {
  return schema._zod.def as AnyDef;
}

/** A copy of `schema` with `changes` in its definition: the same checks, error maps and options. */
function cloned(schema: z.core.$ZodType, changes: Record<string, unknown>): z.core.$ZodType {
  const Constructor = schema._zod.constr as new (def: AnyDef) => z.core.$ZodType;
  return new Constructor({ ...defOf(schema), ...changes });
}

/**
 * The sliced form of `schema`, or null when it holds no array or record to slice. Lazy,
 * union, intersection, tuple and other schemas are left whole: their parts are validated in
 * the final step, as `safeParse` would.
 */
export function slicedSchema(schema: z.core.$ZodType, depth = 0): SlicedSchema | null {
  if (depth > MAX_PLAN_DEPTH) return null;
  const def = defOf(schema);
  if (def.type === 'object') return slicedObject(schema, def, depth);
  if (def.type === 'array') return slicedArray(schema, def, depth);
  // A record over an enumerable key set visits the set's keys, not the body's; it is small anyway.
  if (def.type === 'record' && (def['keyType'] as z.core.$ZodType)._zod.values === undefined) return slicedRecord(schema, def, depth);
  const innerKey = SAME_VALUE_WRAPPERS.has(def.type) ? 'innerType' : def.type === 'pipe' ? 'in' : undefined;
  if (innerKey === undefined) return null;
  const inner = slicedSchema(def[innerKey] as z.core.$ZodType, depth + 1);
  if (inner === null) return null;
  return { schema: cloned(schema, { [innerKey]: inner.schema }), plan: { kind: 'same-value', inner: inner.plan } };
}

function slicedObject(schema: z.core.$ZodType, def: AnyDef, depth: number): SlicedSchema | null {
  const shape: Record<string, z.core.$ZodType> = { ...(def['shape'] as Record<string, z.core.$ZodType>) };
  const fields: [string, SlicePlan][] = [];
  for (const [key, field] of Object.entries(shape)) {
    const sliced = slicedSchema(field, depth + 1);
    if (sliced === null) continue;
    shape[key] = sliced.schema;
    fields.push([key, sliced.plan]);
  }
  if (fields.length === 0) return null;
  return { schema: cloned(schema, { shape }), plan: { kind: 'object', fields } };
}

function slicedArray(schema: z.core.$ZodType, def: AnyDef, depth: number): SlicedSchema {
  const nested = slicedSchema(def['element'] as z.core.$ZodType, depth + 1);
  const element = nested?.schema ?? (def['element'] as z.core.$ZodType);
  return {
    schema: preparedContainer(cloned(schema, { element: replayElement(element) })),
    plan: { kind: 'array', element, elementPlan: nested?.plan ?? null },
  };
}

/**
 * A record's keys are validated independently of each other (this function handles only records
 * over a non-enumerable key schema), so validating it a slice of keys at a time and joining the
 * results in key order gives its parse; its checks then run once on the joined result.
 */
function slicedRecord(schema: z.core.$ZodType, def: AnyDef, depth: number): SlicedSchema {
  const nested = slicedSchema(def['valueType'] as z.core.$ZodType, depth + 1);
  const valueType = nested?.schema ?? (def['valueType'] as z.core.$ZodType);
  const checksOnly = cloned(z.any(), { checks: def.checks ?? [], error: def.error });
  return {
    schema: preparedRecord(cloned(schema, { valueType }), checksOnly),
    plan: { kind: 'record', chunk: cloned(schema, { valueType, checks: [] }), valuePlan: nested?.plan ?? null },
  };
}
