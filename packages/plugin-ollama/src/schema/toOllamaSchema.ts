type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Dropped everywhere. `$schema`/`$id` mean nothing to Ollama and cost prompt tokens (tool schemas
// are rendered into the prompt). `pattern`: llama.cpp's grammar takes only anchored patterns in a
// subset of regex syntax and Ollama answers "invalid JSON schema in format" for the rest
// (ollama/ollama#8185, #8325). `propertyNames` is always true of JSON keys zod emits it for.
// `$defs`/`definitions` go once their `$ref`s are inlined.
const dropped = new Set(['$schema', '$id', '$defs', 'definitions', 'pattern', 'propertyNames']);
// Keywords whose value is one subschema, or an array or a map of them.
const oneSchema = new Set(['items', 'additionalProperties', 'not', 'contains', 'if', 'then', 'else']);
const schemaArrays = new Set(['anyOf', 'allOf', 'prefixItems']);
// zod writes these bounds for every `z.int()`; as integer grammar they are only noise.
const safeBounds = new Map<string, number>([
  ['minimum', Number.MIN_SAFE_INTEGER],
  ['maximum', Number.MAX_SAFE_INTEGER],
]);

interface CleanContext {
  readonly root: JsonObject;
  /** `$ref`s being inlined on the current path: meeting one again means recursion. */
  readonly expanding: Set<string>;
}

/** The local definition a `$ref` points at (`#`, `#/$defs/X`, `#/definitions/X`), or `undefined`. */
function resolveRef(root: JsonObject, ref: string): unknown {
  if (ref === '#') return root;
  const match = /^#\/(\$defs|definitions)\/(.+)$/.exec(ref);
  if (match === null) return undefined;
  const defs = root[match[1] as string];
  const name = (match[2] as string).replaceAll('~1', '/').replaceAll('~0', '~');
  return isObject(defs) ? defs[name] : undefined;
}

function cleanNode(node: unknown, context: CleanContext): unknown {
  if (node === true) return {};
  if (node === false) return { not: {} };
  if (!isObject(node)) return node;
  const ref = node['$ref'];
  if (typeof ref !== 'string') return cleanKeywords(node, context);
  const { $ref: _ref, ...siblings } = node;
  const target = resolveRef(context.root, ref);
  // Ollama's tool schema has no `$ref` (a referenced property arrives empty), so refs are inlined;
  // a recursive one stops at the first repeat, where any value is allowed (the caller's
  // `parseStructuredOutput` / `parseModelToolCall` still validates the whole answer).
  if (!isObject(target) || context.expanding.has(ref)) return cleanKeywords(siblings, context);
  context.expanding.add(ref);
  try {
    const { $defs: _defs, definitions: _definitions, ...body } = target;
    // The target may itself be a `$ref` (an alias): resolve on, under the same recursion guard.
    return cleanNode({ ...body, ...siblings }, context);
  } finally {
    context.expanding.delete(ref);
  }
}

function cleanProperties(properties: unknown, required: unknown, context: CleanContext): { properties: unknown; required: unknown } {
  if (!isObject(properties)) return { properties, required };
  const kept: JsonObject = {};
  const impossible = new Set<string>();
  for (const [name, schema] of Object.entries(properties)) {
    // `false`: the property must be absent. Offering it at all would only invite it.
    if (schema === false) impossible.add(name);
    else kept[name] = cleanNode(schema, context);
  }
  const requiredNames = Array.isArray(required) ? required.filter((name) => !impossible.has(name as string)) : required;
  return { properties: kept, required: requiredNames };
}

function cleanKeyword(key: string, value: unknown, out: JsonObject, context: CleanContext): void {
  if (dropped.has(key) || (safeBounds.has(key) && safeBounds.get(key) === value)) return;
  if (key === 'const') out['enum'] ??= [value];
  else if (key === 'oneOf' || key === 'anyOf') {
    // Ollama's tool schema knows `anyOf` only; for llama.cpp's grammar the two are the same.
    const members = Array.isArray(value) ? value.map((member) => cleanNode(member, context)) : [];
    out['anyOf'] = [...(Array.isArray(out['anyOf']) ? out['anyOf'] : []), ...members];
  } else if (key === 'enum') out['enum'] = value;
  else if (key === 'properties' || key === 'required') return;
  else if (oneSchema.has(key)) out[key] = typeof value === 'boolean' && key === 'additionalProperties' ? value : cleanNode(value, context);
  else if (schemaArrays.has(key) && Array.isArray(value)) out[key] = value.map((member) => cleanNode(member, context));
  else if (key === 'patternProperties' || key === 'dependentSchemas')
    out[key] = isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleanNode(v, context)])) : value;
  else out[key] = value;
}

function cleanKeywords(node: JsonObject, context: CleanContext): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) cleanKeyword(key, value, out, context);
  if ('properties' in node || 'required' in node) {
    const cleaned = cleanProperties(node['properties'], node['required'], context);
    if ('properties' in node) out['properties'] = cleaned.properties;
    if ('required' in node) out['required'] = cleaned.required;
  }
  // A tuple (`prefixItems`) closed with `items: false`: llama.cpp reads `items` first and
  // rejects `false`; `maxItems`, which zod writes beside it, keeps the tuple closed.
  if (Array.isArray(out['prefixItems']) && node['items'] === false) delete out['items'];
  return out;
}

/**
 * Adapts a JSON Schema (2020-12, as `toModelTools` and `toModelResponseFormat` write it) to what
 * Ollama accepts and understands, for `format` and for tool parameters.
 *
 * @remarks
 * Ollama keeps a tool's schema in a Go struct that knows `type`, `description`, `enum`, `items`,
 * `properties`, `required` and `anyOf` only, and turns `format` into a llama.cpp grammar, which
 * rejects unanchored or unsupported `pattern`s and a boolean `items`. So: `$schema`, `$id` and
 * `pattern` are dropped; local `$ref`s are inlined (a recursive one stops at its first repeat) and
 * `$defs` removed; `oneOf` becomes `anyOf` and `const` a one-value `enum`; boolean subschemas become
 * objects (a `false` property is left out); zod's safe-integer bounds are dropped. The result only
 * loosens the schema: every value the original accepts, the cleaned one accepts too, so callers
 * still validate the reply against the original (`parseStructuredOutput`, `parseModelToolCall`).
 */
export function toOllamaSchema(schema: Readonly<Record<string, unknown>>): Record<string, unknown> {
  // The root is being expanded from the start: a `$ref: "#"` inside it is recursion.
  return cleanNode(schema, { root: schema, expanding: new Set(['#']) }) as Record<string, unknown>;
}

/**
 * {@link toOllamaSchema} for a tool's parameters, which Ollama requires to be an object schema
 * (its Go struct fails to read a `type` that is not a string, and the chat templates iterate `properties`).
 */
export function toOllamaToolParameters(schema: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const cleaned = toOllamaSchema(schema);
  return { ...cleaned, type: 'object', properties: isObject(cleaned['properties']) ? cleaned['properties'] : {} };
}
