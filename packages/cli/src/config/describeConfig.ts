/**
 * One leaf of the effective configuration and where its value came from.
 * @public
 */
export interface ConfigEntry {
  /** Dotted path, e.g. `http.drain.deadlineMs`. */
  readonly path: string;
  /** The value, with secrets replaced by `<redacted>`. */
  readonly value: unknown;
  /** `env CORTEX_HTTP_PORT`, `file cortex.config.json`, or `default`. */
  readonly source: string;
  /** The variable that would set this value. */
  readonly variable: string;
}

/** Keys whose values never reach a terminal or a log. */
const SECRET = /token|secret|password|apikey|api_key|credential|private/i;

/** `deadlineMs` → `DEADLINE_MS`: the loader's mapping of keys to variable segments, reversed. */
function toVariableSegment(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A URL's user and password (`postgres://user:pass@host`, `redis://:pass@host`): everything between `://` and the last `@` of the authority. */
const URL_CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i;

/** A value with the credentials of a connection URL masked, host and path kept (where the runtime connects stays visible). */
function redactUrl(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(URL_CREDENTIALS, '$1<redacted>@') : value;
}

/** Secrets inside list values too (`mcp.remotes[].transport.headers.authorization`, a user plugin's `apiKey`). */
function redactInside(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactInside);
  if (!isPlainObject(value)) return redactUrl(value);
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET.test(key) || /^authorization$/i.test(key) ? '<redacted>' : redactInside(inner),
    ]),
  );
}

function hasPath(root: unknown, keys: readonly string[]): boolean {
  let node = root;
  for (const key of keys) {
    if (!isPlainObject(node) || !(key in node)) return false;
    node = node[key];
  }
  return true;
}

/**
 * Flattens validated configuration into entries with each value's source — the variable when it
 * is set, else the file when it names the key, else the schema's default — masking secrets.
 * @public
 */
export function describeConfig(
  config: Readonly<Record<string, unknown>>,
  sources: { readonly env: Readonly<Record<string, string | undefined>>; readonly file?: { readonly name: string; readonly raw: unknown } },
  prefix = 'CORTEX_',
): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const walk = (plugin: string, keys: string[], value: unknown): void => {
    if (isPlainObject(value) && Object.keys(value).length > 0) {
      for (const [key, child] of Object.entries(value)) walk(plugin, [...keys, key], child);
      return;
    }
    const variable = `${prefix}${toVariableSegment(plugin.replace(/-/g, '_'))}_${keys.map(toVariableSegment).join('__')}`;
    const source =
      sources.env[variable] !== undefined
        ? `env ${variable}`
        : sources.file !== undefined && hasPath(sources.file.raw, [plugin, ...keys])
          ? `file ${sources.file.name}`
          : 'default';
    const secret = keys.some((key) => SECRET.test(key)) && !(Array.isArray(value) && value.length === 0) && value !== '';
    entries.push({ path: [plugin, ...keys].join('.'), value: secret ? '<redacted>' : redactInside(value), source, variable });
  };
  for (const [plugin, options] of Object.entries(config)) walk(plugin, [], options);
  return entries;
}
