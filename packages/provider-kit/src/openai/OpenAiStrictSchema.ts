/**
 * OpenAI's strict mode (`strict: true` on a function or a `json_schema` response format) accepts
 * a subset of JSON Schema: every object closed (`additionalProperties: false`) with every property
 * required, `anyOf` but not `oneOf`, a short list of string formats, and no `default`, length or
 * property-count keywords. These functions adapt a tool's or a format's schema on the way out and
 * undo the one change that alters meaning on the way back.
 *
 * Optional properties become required and nullable (OpenAI's documented way to keep them optional),
 * so a strict model sends `null` where it has nothing to say. The kernel validates replies against
 * the original schema, where an optional field does not accept `null`: `restoreStrictNulls` drops
 * those nulls again. Keywords that are dropped only loosen the request; the kernel's validation of
 * the reply still enforces them.
 */

type Schema = Readonly<Record<string, unknown>>;

/** String formats OpenAI's strict mode accepts; others are dropped. */
const supportedFormats = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/** Keywords strict mode refuses (or does not list); dropping them only loosens the constraint. */
const droppedKeywords = new Set([
  '$schema',
  '$id',
  'default',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'patternProperties',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'uniqueItems',
  'contentEncoding',
  'contentMediaType',
]);

/** Keywords whose value is a schema, or a list or record of schemas. */
const schemaKeywords = new Set(['items', 'not', 'additionalProperties']);
const schemaListKeywords = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const schemaRecordKeywords = new Set(['properties', '$defs', 'definitions']);

/** The result of adapting a schema: `undefined` when strict mode cannot express it (an open record). */
export interface OpenAiStrictSchemaResult {
  /** The adapted schema. */
  readonly schema: Schema;
  /** True when optional properties were made nullable, so replies need {@link restoreStrictNulls}. */
  readonly widened: boolean;
}

class NotStrictExpressible extends Error {}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when the schema itself lets `null` through (then a `null` from the model is meant). */
function acceptsNull(schema: unknown, root: Schema): boolean {
  if (schema === true) return true;
  if (!isSchema(schema)) return false;
  if (Object.keys(schema).every((key) => key === 'description' || key === 'title')) return true;
  const { type, anyOf, oneOf, enum: values, const: constant, $ref } = schema;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (constant === null || (Array.isArray(values) && values.includes(null))) return true;
  if ([anyOf, oneOf].some((branches) => Array.isArray(branches) && branches.some((branch) => acceptsNull(branch, root)))) return true;
  return typeof $ref === 'string' && acceptsNull(resolveRef($ref, root), root);
}

/** A local `#/$defs/…` or `#/definitions/…` reference, as zod's JSON Schema export writes them. */
function resolveRef(ref: string, root: Schema): Schema | undefined {
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  const defs = match === null ? undefined : root[match[1] as string];
  const target = isSchema(defs)
    ? defs[
        decodeURIComponent(match?.[2] ?? '')
          .replace(/~1/g, '/')
          .replace(/~0/g, '~')
      ]
    : undefined;
  return isSchema(target) ? target : undefined;
}

class StrictAdapter {
  widened = false;
  readonly #root: Schema;

  constructor(root: Schema) {
    this.#root = root;
  }

  adapt(schema: Schema): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (droppedKeywords.has(key)) continue;
      if (key === 'format' && !(typeof value === 'string' && supportedFormats.has(value))) continue;
      // Strict mode knows `anyOf` only; for the values a model produces, the difference does not matter.
      const target = key === 'oneOf' ? 'anyOf' : key;
      out[target] = this.#adaptKeyword(key, value);
    }
    if (isSchema(schema['properties']) || schema['type'] === 'object') this.#close(schema, out);
    return out;
  }

  #adaptKeyword(key: string, value: unknown): unknown {
    if (schemaKeywords.has(key) && isSchema(value)) return this.adapt(value);
    if (schemaListKeywords.has(key) && Array.isArray(value)) return value.map((item) => (isSchema(item) ? this.adapt(item) : item));
    if (schemaRecordKeywords.has(key) && isSchema(value)) {
      return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, isSchema(item) ? this.adapt(item) : item]));
    }
    return value;
  }

  /** Closes an object and makes every property required, optional ones nullable. */
  #close(schema: Schema, out: Record<string, unknown>): void {
    const extra = schema['additionalProperties'];
    // A record (`additionalProperties: {schema}`) has keys no schema lists: strict mode cannot say that.
    if (isSchema(extra) && Object.keys(extra).length > 0) throw new NotStrictExpressible();
    out['additionalProperties'] = false;
    const properties = isSchema(out['properties']) ? out['properties'] : {};
    const required = new Set(Array.isArray(schema['required']) ? schema['required'] : []);
    const originals = isSchema(schema['properties']) ? schema['properties'] : {};
    out['properties'] = Object.fromEntries(
      Object.entries(properties).map(([name, property]) => {
        if (required.has(name) || acceptsNull(originals[name], this.#root)) return [name, property];
        this.widened = true;
        const { description, ...rest } = isSchema(property) ? property : {};
        return [name, { ...(description === undefined ? {} : { description }), anyOf: [rest, { type: 'null' }] }];
      }),
    );
    out['required'] = Object.keys(properties);
  }
}

/**
 * Adapts a JSON Schema to OpenAI's strict mode, or answers `undefined` when strict mode cannot
 * express it (an object with open-ended keys), in which case the schema is sent without `strict`.
 */
export function toOpenAiStrictSchema(schema: Schema): OpenAiStrictSchemaResult | undefined {
  const adapter = new StrictAdapter(schema);
  try {
    return { schema: adapter.adapt(schema), widened: adapter.widened };
  } catch (error) {
    if (error instanceof NotStrictExpressible) return undefined;
    throw error;
  }
}

/** Removes, in place, the nulls a strict model sent for properties the original schema has optional. */
function dropNulls(value: unknown, schema: unknown, root: Schema, depth: number): void {
  if (depth > 64 || !isSchema(schema)) return;
  const target = typeof schema['$ref'] === 'string' ? resolveRef(schema['$ref'], root) : schema;
  if (target === undefined) return;
  if (Array.isArray(value)) {
    if (isSchema(target['items'])) for (const item of value) dropNulls(item, target['items'], root, depth + 1);
    return;
  }
  if (!isSchema(value)) return;
  const record = value as Record<string, unknown>;
  for (const branch of [target['anyOf'], target['oneOf'], target['allOf']].flatMap((list) => (Array.isArray(list) ? list : []))) {
    if (isSchema(branch) && isSchema(branch['properties'])) dropNulls(record, branch, root, depth + 1);
  }
  const properties = target['properties'];
  if (!isSchema(properties)) return;
  const required = Array.isArray(target['required']) ? target['required'] : [];
  for (const [name, property] of Object.entries(properties)) {
    if (!(name in record)) continue;
    if (record[name] === null && !required.includes(name) && !acceptsNull(property, root)) delete record[name];
    else dropNulls(record[name], property, root, depth + 1);
  }
}

/**
 * Undoes {@link toOpenAiStrictSchema}'s widening in a reply: removes the `null`s of properties the
 * original schema has optional and not nullable. Text that is not JSON, or that needs no change,
 * is returned unchanged, so the kernel's validation reports the model's own text.
 */
export function restoreStrictNulls(text: string, schema: Schema): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text;
  }
  const before = JSON.stringify(value);
  dropNulls(value, schema, schema, 0);
  const after = JSON.stringify(value);
  return after === before ? text : after;
}
