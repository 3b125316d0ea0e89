/**
 * The rules OpenAI's strict mode enforces on a schema, as the fake checks them: every object
 * closed with `additionalProperties: false`, every property listed in `required`, no `oneOf`, no
 * `default`, and only the documented string formats. Returns the first problem in OpenAI's words,
 * or `undefined`.
 * @internal
 */
export function checkOpenAiStrictSchema(schema: unknown, path: readonly string[] = []): string | undefined {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return undefined;
  const node = schema as Readonly<Record<string, unknown>>;
  const context = `In context=(${path.map((part) => `'${part}'`).join(', ')})`;
  for (const keyword of ['oneOf', 'default', 'minLength', 'maxLength', 'patternProperties']) {
    if (keyword in node) return `${context}, '${keyword}' is not permitted.`;
  }
  const format = node['format'];
  if (typeof format === 'string' && !strictFormats.has(format)) return `${context}, '${format}' is not a valid format.`;
  const properties = node['properties'];
  if (node['type'] === 'object' || (typeof properties === 'object' && properties !== null)) {
    if (node['additionalProperties'] !== false) {
      return `${context}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const keys = typeof properties === 'object' && properties !== null ? Object.keys(properties) : [];
    const required = Array.isArray(node['required']) ? node['required'] : [];
    const missing = keys.filter((key) => !required.includes(key));
    if (missing.length > 0) {
      return `${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
  }
  for (const [keyword, child] of children(node)) {
    const problem = checkOpenAiStrictSchema(child, [...path, ...keyword]);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

const strictFormats = new Set(['date-time', 'time', 'date', 'duration', 'email', 'hostname', 'ipv4', 'ipv6', 'uuid']);

/** The sub-schemas of a node, each with the path segments that lead to it. */
function children(node: Readonly<Record<string, unknown>>): [string[], unknown][] {
  const found: [string[], unknown][] = [];
  for (const keyword of ['properties', '$defs', 'definitions']) {
    const record = node[keyword];
    if (typeof record === 'object' && record !== null) {
      for (const [name, child] of Object.entries(record)) found.push([[keyword, name], child]);
    }
  }
  for (const keyword of ['anyOf', 'allOf', 'prefixItems']) {
    const list = node[keyword];
    if (Array.isArray(list)) for (const [index, child] of list.entries()) found.push([[keyword, String(index)], child]);
  }
  if ('items' in node) found.push([['items'], node['items']]);
  return found;
}
