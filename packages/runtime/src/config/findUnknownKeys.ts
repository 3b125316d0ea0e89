/**
 * One key of a configuration value that its schema does not know, with the keys it does know
 * at that place (for a "did you mean" suggestion).
 */
export interface UnknownKey {
  /** Path of the object holding the key (from the plugin's options root). */
  readonly at: readonly string[];
  readonly key: string;
  readonly known: readonly string[];
}

interface Def {
  readonly type?: string;
  readonly innerType?: Node;
  readonly in?: Node;
  readonly out?: Node;
  readonly shape?: Readonly<Record<string, Node>>;
  readonly catchall?: Node;
  readonly options?: readonly Node[];
  readonly discriminator?: string;
  readonly element?: Node;
  readonly valueType?: Node;
  readonly items?: readonly Node[];
  readonly values?: readonly unknown[];
  readonly getter?: () => Node;
}
interface Node {
  readonly _zod?: { readonly def?: Def };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Steps through wrappers (default, optional, readonly, preprocess, transform…) to the schema that shapes the value. */
function unwrap(node: Node | undefined): Def | undefined {
  let def = node?._zod?.def;
  for (let depth = 0; def !== undefined && depth < 64; depth++) {
    if (def.innerType !== undefined) def = def.innerType._zod?.def;
    else if (def.type === 'pipe') def = (def.in?._zod?.def?.type === 'transform' ? def.out : def.in)?._zod?.def;
    else if (def.type === 'lazy' && def.getter !== undefined) def = def.getter()._zod?.def;
    else return def;
  }
  return def;
}

/**
 * Every key of `value` that `schema` (zod 4) has no place for, at any depth: keys of objects,
 * of objects inside arrays and records, and of the union member that fits best. Works the same
 * for stripping, strict and passthrough objects (passthrough ones accept any key), so unknown
 * keys are reported alike for every plugin whatever its schema does with them. Returns `null`
 * when the schema does not describe objects at all (a union member that is a literal).
 */
export function findUnknownKeys(schema: unknown, value: unknown, at: readonly string[] = []): UnknownKey[] | null {
  const def = unwrap(schema as Node);
  if (def === undefined) return [];
  switch (def.type) {
    case 'object':
      return isPlainObject(value) ? objectUnknowns(def, value, at) : [];
    case 'union':
      return unionUnknowns(def, value, at);
    case 'array':
      return Array.isArray(value) ? value.flatMap((item, i) => findUnknownKeys(def.element, item, [...at, String(i)]) ?? []) : [];
    case 'tuple':
      return Array.isArray(value) ? value.flatMap((item, i) => findUnknownKeys(def.items?.[i], item, [...at, String(i)]) ?? []) : [];
    case 'record':
      return isPlainObject(value)
        ? Object.entries(value).flatMap(([key, item]) => findUnknownKeys(def.valueType, item, [...at, key]) ?? [])
        : [];
    case 'literal':
    case 'string':
    case 'number':
    case 'int':
    case 'boolean':
    case 'enum':
      return isPlainObject(value) ? null : [];
    default:
      return [];
  }
}

function objectUnknowns(def: Def, value: Record<string, unknown>, at: readonly string[]): UnknownKey[] {
  const shape = def.shape ?? {};
  const known = Object.keys(shape);
  // A catch-all other than `never` (strict) accepts any further key.
  const open = def.catchall !== undefined && def.catchall._zod?.def?.type !== 'never';
  const found: UnknownKey[] = [];
  for (const [key, item] of Object.entries(value)) {
    const child = shape[key];
    if (child === undefined) {
      if (!open) found.push({ at, key, known });
      continue;
    }
    found.push(...(findUnknownKeys(child, item, [...at, key]) ?? []));
  }
  return found;
}

function unionUnknowns(def: Def, value: unknown, at: readonly string[]): UnknownKey[] | null {
  let options = def.options ?? [];
  const discriminator = def.discriminator;
  if (discriminator !== undefined && isPlainObject(value)) {
    const matching = options.filter((option) => {
      const literal = unwrap(unwrap(option)?.shape?.[discriminator]);
      return literal?.values?.includes(value[discriminator]) === true;
    });
    if (matching.length > 0) options = matching;
  }
  let best: UnknownKey[] | null = null;
  for (const option of options) {
    const found = findUnknownKeys(option, value, at);
    if (found === null) continue;
    if (found.length === 0) return [];
    if (best === null || found.length < best.length) best = found;
  }
  return best;
}
