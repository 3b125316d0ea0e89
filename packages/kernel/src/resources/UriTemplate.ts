import { KernelError } from '../errors/KernelError.js';

/**
 * A compiled URI template (RFC 6570 level 1 and 2 expressions: `{name}` and `{+name}`).
 * @public
 */
export interface UriTemplate {
  /** The template as written, e.g. `notes://{id}`. */
  readonly template: string;
  /** Variable names in order of appearance. */
  readonly variables: readonly string[];
  /** The variables when `uri` matches, else undefined. */
  match(uri: string): Readonly<Record<string, string>> | undefined;
  /** Fills the template; values are percent-encoded except in `{+name}` expressions. */
  expand(variables: Readonly<Record<string, string>>): string;
}

const EXPRESSION = /\{(\+?)([A-Za-z0-9_]+)\}/g;

/**
 * Compiles a URI template such as `notes://{id}/body`.
 * @throws {@link KernelError} `RESOURCE_DEFINITION_INVALID` when an expression is malformed or repeated.
 * @example
 * ```ts
 * const note = parseUriTemplate('notes://{folder}/{id}');
 * note.match('notes://work/7');               // { folder: 'work', id: '7' }
 * note.expand({ folder: 'a b', id: '1' });    // 'notes://a%20b/1'
 * ```
 * @public
 */
export function parseUriTemplate(template: string): UriTemplate {
  const variables: string[] = [];
  const parts: { literal: string; name?: string; reserved?: boolean }[] = [];
  let last = 0;
  for (const match of template.matchAll(EXPRESSION)) {
    const [whole, plus, name] = match as unknown as [string, string, string];
    if (variables.includes(name)) {
      throw new KernelError('RESOURCE_DEFINITION_INVALID', `URI template "${template}" repeats the variable "${name}".`, {
        details: { template },
      });
    }
    variables.push(name);
    parts.push({ literal: template.slice(last, match.index), name, reserved: plus === '+' });
    last = match.index + whole.length;
  }
  const tail = template.slice(last);
  if (/[{}]/.test(tail) || parts.some((p) => /[{}]/.test(p.literal))) {
    throw new KernelError('RESOURCE_DEFINITION_INVALID', `URI template "${template}" has a malformed expression: use {name} or {+name}.`, {
      details: { template },
    });
  }
  const pattern = new RegExp(
    `^${parts.map((p) => `${escapeRegExp(p.literal)}(${p.reserved === true ? '.+' : '[^/?#]+'})`).join('')}${escapeRegExp(tail)}$`,
  );
  return Object.freeze({
    template,
    variables: Object.freeze(variables),
    match(uri: string) {
      const found = pattern.exec(uri);
      if (found === null) return undefined;
      const values: Record<string, string> = Object.create(null) as Record<string, string>;
      variables.forEach((name, i) => {
        const raw = found[i + 1] ?? '';
        values[name] = parts[i]?.reserved === true ? raw : safeDecode(raw);
      });
      return values;
    },
    expand(values: Readonly<Record<string, string>>) {
      return (
        parts
          .map((p) => p.literal + (p.reserved === true ? (values[p.name ?? ''] ?? '') : encodeURIComponent(values[p.name ?? ''] ?? '')))
          .join('') + tail
      );
    },
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
