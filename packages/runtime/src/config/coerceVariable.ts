/** The type a schema expects at a key path, as far as coercing a variable's text needs to know. */
export type ValueKind = 'number' | 'boolean' | 'array' | 'object' | 'string' | 'unknown';

interface ZodDefLike {
  readonly type?: string;
  readonly innerType?: ZodLike;
  readonly shape?: Readonly<Record<string, ZodLike>>;
  readonly in?: ZodLike;
  readonly out?: ZodLike;
}
interface ZodLike {
  readonly _zod?: { readonly def?: ZodDefLike };
}

const wrappers = ['default', 'optional', 'nullable', 'prefault', 'readonly', 'catch', 'pipe', 'nonoptional'];

/** The type a schema expects at a key path, read from zod 4's definitions (wrappers unwrapped). */
export function kindAt(schema: unknown, path: readonly string[]): ValueKind {
  let current = schema as ZodLike | undefined;
  for (let i = 0; i <= path.length && current !== undefined; i++) {
    let def: ZodDefLike | undefined = current._zod?.def;
    while (def !== undefined && wrappers.includes(def.type ?? '')) {
      // A preprocess step (`pipe` from a transform) shapes nothing: the schema after it does.
      const inner: ZodLike | undefined =
        def.innerType ?? (def.type === 'pipe' && def.in?._zod?.def?.type === 'transform' ? def.out : def.in);
      def = inner?._zod?.def;
    }
    if (def === undefined) return 'unknown';
    if (i === path.length) return leafKind(def.type);
    current = def.type === 'object' ? def.shape?.[path[i] as string] : undefined;
  }
  return 'unknown';
}

function leafKind(type: string | undefined): ValueKind {
  if (type === 'number' || type === 'int' || type === 'bigint') return 'number';
  if (type === 'boolean') return 'boolean';
  if (type === 'array' || type === 'tuple') return 'array';
  if (type === 'object' || type === 'record') return 'object';
  if (type === 'string' || type === 'enum' || type === 'literal') return 'string';
  return 'unknown';
}

/**
 * A variable's text as the schema's type: numbers, booleans (`true/1/yes`, `false/0/no`),
 * comma-separated or JSON arrays, JSON objects; JSON-or-text where the type is not known.
 * @throws Error saying what was expected, for the loader to name the variable.
 */
export function coerceVariable(value: string, kind: ValueKind): unknown {
  switch (kind) {
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || Number.isNaN(n)) throw new Error(`expected a number, got "${value}"`);
      return n;
    }
    case 'boolean':
      if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
      if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
      throw new Error(`expected true or false, got "${value}"`);
    case 'array':
      if (value.trim().startsWith('[')) return parseJson(value);
      return value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    case 'object':
      return parseJson(value);
    case 'unknown':
      try {
        return JSON.parse(value) as unknown;
      } catch {
        return value;
      }
    default:
      return value;
  }
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new Error(`expected JSON: ${(error as Error).message}`);
  }
}

/** `deadlineMs` → `DEADLINE_MS`, `local-embedders` → `LOCAL_EMBEDDERS`: one segment of a variable name. */
export function toVariableSegment(key: string): string {
  return key
    .replace(/-/g, '_')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
}

/** The variable that sets `plugin.path…`: `CORTEX_HTTP_DRAIN__DEADLINE_MS`. */
export function variableName(prefix: string, plugin: string, path: readonly string[]): string {
  return `${prefix}${toVariableSegment(plugin)}_${path.map(toVariableSegment).join('__')}`;
}

/** Every variable a schema's keys can be set by (objects are walked to their leaves). */
export function variableNames(prefix: string, plugin: string, schema: unknown, path: readonly string[] = [], depth = 0): string[] {
  let def = (schema as ZodLike | undefined)?._zod?.def;
  while (def !== undefined && wrappers.includes(def.type ?? '')) {
    const inner: ZodLike | undefined = def.innerType ?? (def.type === 'pipe' && def.in?._zod?.def?.type === 'transform' ? def.out : def.in);
    def = inner?._zod?.def;
  }
  if (def?.type !== 'object' || def.shape === undefined || depth > 8) return path.length === 0 ? [] : [variableName(prefix, plugin, path)];
  return Object.entries(def.shape).flatMap(([key, child]) => variableNames(prefix, plugin, child, [...path, key], depth + 1));
}
