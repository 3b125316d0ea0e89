import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { RuntimeError } from '../errors/RuntimeError.js';

/**
 * Options of {@link loadRuntimeConfig}.
 * @public
 */
export interface LoadRuntimeConfigOptions<P extends Readonly<Record<string, z.ZodType>>> {
  /** Usually `process.env`; variables `CORTEX_<PLUGIN>_<KEY>` (nested keys joined by `__`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** A JSON file `{ "<plugin>": { …options } }`; environment variables override it. */
  readonly file?: string;
  /** Each plugin's options schema, by the plugin's name (e.g. `{ http: httpPluginOptions }`). */
  readonly plugins: P;
  /** Default `CORTEX_`. */
  readonly prefix?: string;
}

/**
 * Runtime configuration: each plugin's validated options.
 * @public
 */
export type RuntimeConfig<P extends Readonly<Record<string, z.ZodType>>> = { readonly [K in keyof P]: z.output<P[K]> };

type Source = { readonly kind: 'env'; readonly name: string } | { readonly kind: 'file'; readonly name: string };

/**
 * Loads the runtime configuration from a JSON file and the environment (environment wins) and
 * validates each plugin's slot with its own options schema. Variables are `CORTEX_HTTP_PORT=8080`,
 * `CORTEX_HTTP_DRAIN__DEADLINE_MS=10000`; values are coerced to the schema's type (numbers,
 * booleans, comma-separated or JSON arrays, JSON objects).
 * @throws {@link RuntimeError} `RUNTIME_CONFIG_INVALID` naming every bad variable or file key, or `RUNTIME_CONFIG_FILE_UNREADABLE`.
 * @public
 */
export function loadRuntimeConfig<P extends Readonly<Record<string, z.ZodType>>>(options: LoadRuntimeConfigOptions<P>): RuntimeConfig<P> {
  const prefix = options.prefix ?? 'CORTEX_';
  const raw: Record<string, Record<string, unknown>> = {};
  const sources = new Map<string, Source>();
  const problems: string[] = [];
  if (options.file !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(options.file, 'utf8'));
    } catch (error) {
      throw new RuntimeError(
        'RUNTIME_CONFIG_FILE_UNREADABLE',
        `Cannot read runtime configuration file ${options.file}: ${(error as Error).message}`,
        {
          cause: error,
          details: { file: options.file },
        },
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new RuntimeError(
        'RUNTIME_CONFIG_FILE_UNREADABLE',
        `Runtime configuration file ${options.file} must hold a JSON object keyed by plugin name.`,
        { details: { file: options.file } },
      );
    }
    for (const [plugin, value] of Object.entries(parsed)) {
      if (!(plugin in options.plugins)) {
        problems.push(`${options.file}: "${plugin}" is not a plugin of this runtime (known: ${Object.keys(options.plugins).join(', ')})`);
        continue;
      }
      raw[plugin] = structuredClone(value) as Record<string, unknown>;
      sources.set(plugin, { kind: 'file', name: `${options.file} ${plugin}` });
    }
  }
  // Longest names first, so `CORTEX_LOCAL_EMBEDDERS_X` is not read as plugin `local`.
  const plugins = Object.keys(options.plugins).sort((a, b) => b.length - a.length);
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined || !name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const plugin = plugins.find((p) => rest.startsWith(`${p.toUpperCase().replace(/-/g, '_')}_`));
    if (plugin === undefined) continue;
    const keyPath = rest
      .slice(plugin.length + 1)
      .split('__')
      .map(camel);
    const schema = options.plugins[plugin] as z.ZodType;
    const target = kindAt(schema, keyPath);
    let coerced: unknown;
    try {
      coerced = coerce(value, target);
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    let node = (raw[plugin] ??= {});
    for (const key of keyPath.slice(0, -1)) {
      const next = node[key];
      node = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : (node[key] = {});
    }
    node[keyPath[keyPath.length - 1] as string] = coerced;
    sources.set(`${plugin}.${keyPath.join('.')}`, { kind: 'env', name });
  }
  const config: Record<string, unknown> = {};
  for (const [plugin, schema] of Object.entries(options.plugins)) {
    const result = (schema as z.ZodType).safeParse(raw[plugin] ?? {});
    if (result.success) {
      config[plugin] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      problems.push(`${describeSource(plugin, path, sources)}: ${issue.message}`);
    }
  }
  if (problems.length > 0) {
    throw new RuntimeError('RUNTIME_CONFIG_INVALID', `Invalid runtime configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      details: { problems },
    });
  }
  return config as RuntimeConfig<P>;
}

function describeSource(plugin: string, path: readonly string[], sources: ReadonlyMap<string, Source>): string {
  // The most specific source that set this path or one of its parents.
  for (let i = path.length; i >= 0; i--) {
    const source = sources.get(i === 0 ? plugin : `${plugin}.${path.slice(0, i).join('.')}`);
    if (source?.kind === 'env') return source.name;
    if (source?.kind === 'file' && i === 0) return `${source.name}${path.length === 0 ? '' : `.${path.join('.')}`}`;
  }
  const envName = `CORTEX_${plugin.toUpperCase().replace(/-/g, '_')}_${path.map((k) => k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()).join('__')}`;
  return `${plugin}.${path.join('.')} (${envName})`;
}

function camel(snake: string): string {
  return snake.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

type Kind = 'number' | 'boolean' | 'array' | 'object' | 'string' | 'unknown';

interface ZodDefLike {
  readonly type?: string;
  readonly innerType?: ZodLike;
  readonly shape?: Readonly<Record<string, ZodLike>>;
  readonly in?: ZodLike;
  readonly left?: ZodLike;
  readonly options?: readonly ZodLike[];
}
interface ZodLike {
  readonly _zod?: { readonly def?: ZodDefLike };
}

/** The type a schema expects at a key path, read from zod 4's definitions (wrappers unwrapped). */
function kindAt(schema: ZodLike, path: readonly string[]): Kind {
  let current: ZodLike | undefined = schema;
  for (let i = 0; i <= path.length && current !== undefined; i++) {
    let def: ZodDefLike | undefined = current._zod?.def;
    while (def !== undefined && ['default', 'optional', 'nullable', 'prefault', 'readonly', 'catch', 'pipe'].includes(def.type ?? '')) {
      const inner: ZodLike | undefined = def.innerType ?? def.in;
      def = inner?._zod?.def;
    }
    if (def === undefined) return 'unknown';
    if (i === path.length) {
      if (def.type === 'number' || def.type === 'int' || def.type === 'bigint') return 'number';
      if (def.type === 'boolean') return 'boolean';
      if (def.type === 'array' || def.type === 'tuple') return 'array';
      if (def.type === 'object' || def.type === 'record') return 'object';
      if (def.type === 'string' || def.type === 'enum' || def.type === 'literal') return 'string';
      return 'unknown';
    }
    current = def.type === 'object' ? def.shape?.[path[i] as string] : undefined;
  }
  return 'unknown';
}

function coerce(value: string, kind: Kind): unknown {
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
