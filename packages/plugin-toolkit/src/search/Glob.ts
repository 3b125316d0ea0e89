import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * A glob compiled to a matcher over `/`-separated paths relative to a base folder, with
 * `.gitignore` rules: a glob with no `/` but a trailing one matches a name at any depth; one with
 * a `/` elsewhere is anchored to the base; a trailing `/` matches folders only.
 * @public
 */
export interface Glob {
  /** The glob as written. */
  readonly source: string;
  /** True for a glob ending in `/`: it matches folders only. */
  readonly directoryOnly: boolean;
  /** True when the path (relative to the base) matches. */
  matches(path: string, isDirectory: boolean): boolean;
}

/**
 * Options of {@link compileGlob}.
 * @public
 */
export interface CompileGlobOptions {
  /**
   * Read `{a,b}` as alternatives (include and exclude globs); `.gitignore` has no braces.
   * @defaultValue `true`
   */
  readonly braces?: boolean;
}

class GlobTranslator {
  readonly #chars: readonly string[];
  readonly #source: string;
  readonly #braces: boolean;
  #pos = 0;
  #inBraces = false;

  constructor(body: string, source: string, braces: boolean) {
    this.#chars = Array.from(body);
    this.#source = source;
    this.#braces = braces;
  }

  #fail(reason: string): never {
    throw ToolkitError.create('TOOLKIT_GLOB_INVALID', { glob: this.#source, reason }, { details: { glob: this.#source } });
  }

  translate(): string {
    let out = '';
    while (this.#pos < this.#chars.length) out += this.#next();
    if (this.#inBraces) this.#fail('an unclosed "{"');
    return out;
  }

  #next(): string {
    const c = this.#chars[this.#pos] as string;
    const atSegmentStart = this.#pos === 0 || this.#chars[this.#pos - 1] === '/';
    this.#pos += 1;
    if (c === '*') return this.#star(atSegmentStart);
    if (c === '?') return '[^/]';
    if (c === '[') return this.#class();
    if (c === '\\') {
      const escaped = this.#chars[this.#pos];
      if (escaped === undefined) this.#fail('a trailing "\\"');
      this.#pos += 1;
      return escapeRegExp(escaped);
    }
    if (this.#braces && c === '{') {
      if (this.#inBraces) this.#fail('nested "{"');
      this.#inBraces = true;
      return '(?:';
    }
    if (this.#braces && this.#inBraces && c === ',') return '|';
    if (this.#braces && this.#inBraces && c === '}') {
      this.#inBraces = false;
      return ')';
    }
    return escapeRegExp(c);
  }

  #star(atSegmentStart: boolean): string {
    if (this.#chars[this.#pos] !== '*') return '[^/]*';
    this.#pos += 1;
    const atSegmentEnd = this.#pos === this.#chars.length || this.#chars[this.#pos] === '/';
    // `**` is special only as a whole segment; elsewhere it is a plain `*`.
    if (!atSegmentStart || !atSegmentEnd) return '[^/]*';
    if (this.#pos === this.#chars.length) return '.*';
    this.#pos += 1;
    return '(?:.*/)?';
  }

  #class(): string {
    const start = this.#pos;
    let out = '[';
    if (this.#chars[this.#pos] === '!' || this.#chars[this.#pos] === '^') {
      out += '^/';
      this.#pos += 1;
    }
    let first = true;
    for (;;) {
      const c = this.#chars[this.#pos];
      if (c === undefined) this.#fail(`an unclosed "[" at character ${start}`);
      this.#pos += 1;
      if (c === ']' && !first) return `${out}]`;
      first = false;
      if (c === '\\') {
        const escaped = this.#chars[this.#pos];
        if (escaped === undefined) this.#fail('a trailing "\\"');
        this.#pos += 1;
        out += /[\\\]^[-]/.test(escaped) ? `\\${escaped}` : escaped;
      } else out += c === '-' ? '-' : /[\\\]^[]/.test(c) ? `\\${c}` : c;
    }
  }
}

function escapeRegExp(c: string): string {
  return /[\\^$.|?*+()[\]{}/]/.test(c) ? `\\${c}` : c;
}

/**
 * Compiles a glob: `*` and `?` within one path segment, `**` across segments, `[abc]` and `[!a]`
 * classes, `{a,b}` alternatives, `\` escapes.
 * @throws {@link ToolkitError} `TOOLKIT_GLOB_INVALID` for an unclosed class or brace.
 * @public
 */
export function compileGlob(source: string, options: CompileGlobOptions = {}): Glob {
  if (source === '' || source === '/') throw ToolkitError.create('TOOLKIT_GLOB_INVALID', { glob: source, reason: 'it is empty' });
  const directoryOnly = source.endsWith('/') && !source.endsWith('\\/');
  let body = directoryOnly ? source.slice(0, -1) : source;
  const anchored = body.includes('/');
  if (body.startsWith('/')) body = body.slice(1);
  const pattern = new GlobTranslator(body, source, options.braces !== false).translate();
  const regExp = new RegExp(anchored || body.startsWith('**/') ? `^${pattern}$` : `^(?:.*/)?${pattern}$`, 'u');
  return {
    source,
    directoryOnly,
    matches: (path, isDirectory) => (!directoryOnly || isDirectory) && regExp.test(path),
  };
}
