import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { RuntimeError } from '../errors/RuntimeError.js';
import { closestName, didYouMean } from './closestName.js';
import { coerceVariable, kindAt, toVariableSegment, variableName, variableNames } from './coerceVariable.js';
import { findUnknownKeys } from './findUnknownKeys.js';

/**
 * Options of {@link loadRuntimeConfig}.
 * @public
 */
export interface LoadRuntimeConfigOptions<P extends Readonly<Record<string, z.ZodType>>> {
  /** Usually `process.env`; variables `CORTEX_<PLUGIN>_<KEY>` (nested keys joined by `__`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * A JSON file `{ "<plugin>": { …options } }`, or the values of a configuration the host read
   * itself (an ES module's default export) with the name problems are reported under;
   * environment variables override it.
   */
  readonly file?: string | { readonly name: string; readonly values: unknown };
  /** Each plugin's options schema, by the plugin's name (e.g. `{ http: httpPluginOptions }`). */
  readonly plugins: P;
  /**
   * The host's own defaults, under the file: `{ memory: { dataDir: '/home/me/.local/share/cortex-os/memory' } }`.
   * Plain objects merge key by key with the file's; anything else in the file replaces them.
   */
  readonly defaults?: { readonly [K in keyof P]?: unknown };
  /**
   * Other `CORTEX_*` variables the host reads itself (`CORTEX_HOME`): known names, so they are
   * suggested for misspellings and never reported.
   */
  readonly variables?: readonly string[];
  /** Default `CORTEX_`. */
  readonly prefix?: string;
}

/**
 * Runtime configuration: each plugin's validated options.
 * @public
 */
export type RuntimeConfig<P extends Readonly<Record<string, z.ZodType>>> = { readonly [K in keyof P]: z.output<P[K]> };

type Source = { readonly kind: 'env'; readonly name: string } | { readonly kind: 'file'; readonly name: string };

/** What the file and the variables say, before validation, with where each part came from. */
interface Gathered {
  readonly raw: Record<string, Record<string, unknown>>;
  readonly sources: Map<string, Source>;
  readonly problems: string[];
}

/**
 * Loads the runtime configuration from a JSON file and the environment (environment wins) and
 * validates each plugin's slot with its own options schema. Variables are `CORTEX_HTTP_PORT=8080`,
 * `CORTEX_HTTP_DRAIN__DEADLINE_MS=10000`; values are coerced to the schema's type (numbers,
 * booleans, comma-separated or JSON arrays, JSON objects).
 *
 * Unknown keys are refused the same way for every plugin, whatever its schema does with them
 * (strips, refuses or passes them through): each is named by its full path with the closest
 * known key (`cortex.json http.prot: unknown option. Did you mean "port"?`). So is a variable
 * under the prefix that is one typo away from a known one (`CORTEX_HTPP_PORT`); other
 * variables under the prefix that match no plugin are left to their owners.
 * @throws {@link RuntimeError} `RUNTIME_CONFIG_INVALID` naming every bad variable or file key, or `RUNTIME_CONFIG_FILE_UNREADABLE`.
 * @public
 */
export function loadRuntimeConfig<P extends Readonly<Record<string, z.ZodType>>>(options: LoadRuntimeConfigOptions<P>): RuntimeConfig<P> {
  const prefix = options.prefix ?? 'CORTEX_';
  const gathered: Gathered = { raw: {}, sources: new Map(), problems: [] };
  for (const [plugin, value] of Object.entries(options.defaults ?? {})) {
    if (value !== undefined) gathered.raw[plugin] = copyPlain(value) as Record<string, unknown>;
  }
  if (typeof options.file === 'string') readFile(options.file, options.plugins, gathered);
  else if (options.file !== undefined) takeFileValues(options.file.name, options.file.values, options.plugins, gathered);
  readVariables(options, prefix, gathered);
  const config: Record<string, unknown> = {};
  for (const [plugin, schema] of Object.entries(options.plugins)) {
    // An absent slot is `undefined` where the schema takes it (a defaulted array), else `{}`.
    const value = gathered.raw[plugin] ?? ((schema as z.ZodType).safeParse(undefined).success ? undefined : {});
    const unknown = findUnknownKeys(schema, value) ?? [];
    for (const { at, key, known } of unknown) {
      gathered.problems.push(unknownKeyProblem(prefix, plugin, [...at, key], known, gathered.sources));
    }
    const result = (schema as z.ZodType).safeParse(value);
    if (result.success) {
      config[plugin] = result.data;
      continue;
    }
    for (const issue of result.error.issues) {
      // Reported above, with a suggestion.
      if (issue.code === 'unrecognized_keys' && unknown.length > 0) continue;
      gathered.problems.push(`${describeSource(prefix, plugin, issue.path.map(String), gathered.sources)}: ${issue.message}`);
    }
  }
  if (gathered.problems.length > 0) {
    const { problems } = gathered;
    throw new RuntimeError('RUNTIME_CONFIG_INVALID', `Invalid runtime configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      details: { problems },
    });
  }
  return config as RuntimeConfig<P>;
}

function readFile(file: string, plugins: Readonly<Record<string, unknown>>, gathered: Gathered): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RuntimeError(
      'RUNTIME_CONFIG_FILE_UNREADABLE',
      `Cannot read runtime configuration file ${file}: ${(error as Error).message}`,
      {
        cause: error,
        details: { file },
      },
    );
  }
  takeFileValues(file, parsed, plugins, gathered);
}

function takeFileValues(file: string, parsed: unknown, plugins: Readonly<Record<string, unknown>>, gathered: Gathered): void {
  if (!isPlainObject(parsed)) {
    throw new RuntimeError(
      'RUNTIME_CONFIG_FILE_UNREADABLE',
      `Runtime configuration file ${file} must hold an object keyed by plugin name.`,
      {
        details: { file },
      },
    );
  }
  for (const [plugin, value] of Object.entries(parsed)) {
    if (!(plugin in plugins)) {
      const known = Object.keys(plugins);
      gathered.problems.push(
        `${file}: "${plugin}" is not a plugin of this runtime.${didYouMean(plugin, known)} (known: ${known.join(', ')})`,
      );
      continue;
    }
    gathered.raw[plugin] = merge(gathered.raw[plugin], copyPlain(value)) as Record<string, unknown>;
    gathered.sources.set(plugin, { kind: 'file', name: `${file} ${plugin}` });
  }
}

function readVariables<P extends Readonly<Record<string, z.ZodType>>>(
  options: LoadRuntimeConfigOptions<P>,
  prefix: string,
  gathered: Gathered,
): void {
  // Longest names first, so `CORTEX_LOCAL_EMBEDDERS_X` is not read as plugin `local`.
  const plugins = Object.keys(options.plugins).sort((a, b) => b.length - a.length);
  let known: string[] | undefined;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined || !name.startsWith(prefix)) continue;
    const rest = name.slice(prefix.length);
    const plugin = plugins.find((p) => rest.startsWith(`${toVariableSegment(p)}_`));
    if (plugin === undefined) {
      known ??= [
        ...(options.variables ?? []),
        ...Object.entries(options.plugins).flatMap(([p, schema]) => variableNames(prefix, p, schema)),
      ];
      const closest = known.includes(name) ? undefined : closestName(name, known);
      if (closest !== undefined) gathered.problems.push(`${name}: not a variable of this runtime. Did you mean ${closest}?`);
      continue;
    }
    const keyPath = rest
      .slice(plugin.length + 1)
      .split('__')
      .map(camel);
    let coerced: unknown;
    try {
      coerced = coerceVariable(value, kindAt(options.plugins[plugin], keyPath));
    } catch (error) {
      gathered.problems.push(`${name}: ${(error as Error).message}`);
      continue;
    }
    let node = (gathered.raw[plugin] ??= {});
    for (const key of keyPath.slice(0, -1)) {
      const next = node[key];
      node = isPlainObject(next) ? next : (node[key] = {});
    }
    node[keyPath[keyPath.length - 1] as string] = coerced;
    gathered.sources.set(`${plugin}.${keyPath.join('.')}`, { kind: 'env', name });
  }
}

function unknownKeyProblem(
  prefix: string,
  plugin: string,
  path: readonly string[],
  known: readonly string[],
  sources: ReadonlyMap<string, Source>,
): string {
  const key = path[path.length - 1] as string;
  const where = describeSource(prefix, plugin, path, sources);
  const closest = closestName(key, known);
  if (where.startsWith(prefix)) {
    const suggestion = closest === undefined ? '' : ` Did you mean ${variableName(prefix, plugin, [...path.slice(0, -1), closest])}?`;
    return `${where}: ${plugin} has no option ${[plugin, ...path].join('.')}.${suggestion}`;
  }
  const suggestion = closest === undefined ? ` Known options: ${known.join(', ')}.` : ` Did you mean "${closest}"?`;
  return `${where}: unknown option.${suggestion}`;
}

function describeSource(prefix: string, plugin: string, path: readonly string[], sources: ReadonlyMap<string, Source>): string {
  // The most specific source that set this path or one of its parents.
  for (let i = path.length; i >= 0; i--) {
    const source = sources.get(i === 0 ? plugin : `${plugin}.${path.slice(0, i).join('.')}`);
    if (source?.kind === 'env') return source.name;
    if (source?.kind === 'file' && i === 0) return `${source.name}${path.length === 0 ? '' : `.${path.join('.')}`}`;
  }
  if (path.length === 0) return `${plugin} (${prefix}${toVariableSegment(plugin)})`;
  return `${plugin}.${path.join('.')} (${variableName(prefix, plugin, path)})`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A copy of plain objects and arrays, so variables never write into the host's values; other
 * values (functions, class instances a module configuration may hold) are kept as they are.
 */
function copyPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyPlain);
  if (!isPlainObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copyPlain(inner)]));
}

/** `over` on top of `under`: plain objects merge key by key, anything else replaces. */
function merge(under: unknown, over: unknown): unknown {
  if (!isPlainObject(under) || !isPlainObject(over)) return over;
  const merged: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) merged[key] = merge(under[key], value);
  return merged;
}

function camel(snake: string): string {
  return snake.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
