import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * A search pattern checked against the toolkit's dialect and compiled for both engines.
 * @public
 */
export interface SearchPattern {
  /** The pattern as the caller wrote it. */
  readonly source: string;
  /** True when the pattern is matched as plain text. */
  readonly literal: boolean;
  /** True when case is ignored. */
  readonly ignoreCase: boolean;
  /** The built-in engine's regular expression (flags `gu`, plus `i`). */
  readonly regExp: RegExp;
  /** The same pattern in ripgrep's (Rust regex) syntax. */
  readonly rust: string;
}

/**
 * Options of {@link compileSearchPattern}.
 * @public
 */
export interface CompileSearchPatternOptions {
  /**
   * Match the pattern as plain text.
   * @defaultValue `false`
   */
  readonly literal?: boolean;
  /**
   * Ignore case (Unicode simple case folding, on both engines).
   * @defaultValue `false`
   */
  readonly ignoreCase?: boolean;
}

const MAX_PATTERN_CHARS = 1000;
const MAX_REPEAT = 1000;
/** Characters with a meaning outside a class; a literal one is escaped with `\`. */
const META = new Set([...'\\^$.|?*+()[]{}']);
/** Punctuation a caller may escape to mean itself. */
const ESCAPABLE = new Set([...'\\^$.|?*+()[]{}/-']);
/** Escaped when emitted outside a class: JavaScript (`u` mode) and Rust. */
const JS_OUTSIDE = new Set([...'\\^$.|?*+()[]{}/']);
const RUST_OUTSIDE = new Set([...'\\^$.|?*+()[]{}']);
/** Escaped when emitted inside a class. Rust treats `&&`, `--` and `~~` as set operations. */
const JS_INSIDE = new Set([...'\\]^-[']);
const RUST_INSIDE = new Set([...'\\]^-[&~']);

// `\d`, `\w` and `\s` are ASCII in JavaScript and Unicode in Rust: both engines get explicit ASCII
// classes. `\s` leaves out `\n`: the search is line by line, so no line holds one.
const SHORTHAND_ITEMS: Readonly<Record<string, string>> = { d: '0-9', w: '0-9A-Za-z_', s: '\\t\\x0B\\f\\r ' };
const NEGATED_SHORTHANDS: Readonly<Record<string, string>> = { D: 'd', W: 'w', S: 's' };
const REFUSED_ESCAPES: Readonly<Record<string, string>> = {
  n: 'line breaks: the search is line by line',
  p: 'Unicode property classes (\\p, \\P): the engines disagree on them',
  P: 'Unicode property classes (\\p, \\P): the engines disagree on them',
  x: 'hexadecimal escapes (\\x): write the character itself',
  u: 'Unicode escapes (\\u): write the character itself',
  k: 'named backreferences (\\k): ripgrep has no backreferences',
  A: 'the \\A anchor: use ^',
  z: 'the \\z anchor: use $',
  Z: 'the \\Z anchor: use $',
};

type Emit = (js: string, rust: string) => void;

/** A recursive-descent reader of the dialect that writes the JavaScript and Rust forms as it goes. */
class DialectCompiler {
  readonly #chars: readonly string[];
  readonly #source: string;
  #pos = 0;
  #js = '';
  #rust = '';
  #depth = 0;

  constructor(source: string) {
    this.#source = source;
    this.#chars = Array.from(source);
  }

  compile(): { js: string; rust: string } {
    this.#alternation();
    if (this.#pos < this.#chars.length) this.#refuse(this.#peek() === ')' ? 'an unmatched ")"' : 'an unexpected character');
    return { js: this.#js, rust: this.#rust };
  }

  readonly #emit: Emit = (js, rust) => {
    this.#js += js;
    this.#rust += rust;
  };

  #peek(offset = 0): string | undefined {
    return this.#chars[this.#pos + offset];
  }

  #refuse(reason: string, at = this.#pos): never {
    throw ToolkitError.create(
      'TOOLKIT_PATTERN_UNSUPPORTED',
      { pattern: this.#source, position: at + 1, reason },
      { details: { pattern: this.#source, position: at + 1 } },
    );
  }

  #alternation(): void {
    this.#sequence();
    while (this.#peek() === '|') {
      this.#pos += 1;
      this.#emit('|', '|');
      this.#sequence();
    }
  }

  #sequence(): void {
    for (let c = this.#peek(); c !== undefined && c !== '|' && c !== ')'; c = this.#peek()) {
      const quantifiable = this.#atom();
      this.#quantifier(quantifiable);
    }
  }

  /** Reads one atom; returns whether a quantifier may follow it. */
  #atom(): boolean {
    const c = this.#peek() as string;
    if (c === '(') return this.#group();
    if (c === '[') return this.#class();
    this.#pos += 1;
    if (c === '.') this.#emit('[^\\n]', '.');
    else if (c === '^' || c === '$') {
      this.#emit(c, c);
      return false;
    } else if (c === '\\') return this.#escape();
    else if (c === '*' || c === '+' || c === '?') this.#refuse(`"${c}" has nothing to repeat`, this.#pos - 1);
    else if (c === '{' || c === '}' || c === ']') this.#refuse(`a literal "${c}" must be escaped as "\\${c}"`, this.#pos - 1);
    else this.#literal(c);
    return true;
  }

  #literal(c: string): void {
    if (c === '\n') this.#refuse('line breaks: the search is line by line', this.#pos - 1);
    this.#emit(JS_OUTSIDE.has(c) ? `\\${c}` : c, RUST_OUTSIDE.has(c) ? `\\${c}` : c);
  }

  #group(): boolean {
    const start = this.#pos;
    this.#pos += 1;
    if (this.#peek() === '?') {
      if (this.#peek(1) !== ':') {
        const what =
          this.#peek(1) === '=' || this.#peek(1) === '!' || this.#peek(1) === '<' ? 'lookaround and named groups' : 'inline flags';
        this.#refuse(`${what} ("(?${this.#peek(1) ?? ''}"): ripgrep's engine and JavaScript differ there`, start);
      }
      this.#pos += 2;
      this.#emit('(?:', '(?:');
    } else this.#emit('(', '(');
    this.#depth += 1;
    if (this.#depth > 50) this.#refuse('groups nested more than 50 deep', start);
    this.#alternation();
    if (this.#peek() !== ')') this.#refuse('an unclosed "("', start);
    this.#pos += 1;
    this.#depth -= 1;
    this.#emit(')', ')');
    return true;
  }

  #escape(): boolean {
    const at = this.#pos - 1;
    const c = this.#peek();
    if (c === undefined) this.#refuse('a trailing "\\"', at);
    this.#pos += 1;
    if (ESCAPABLE.has(c)) {
      this.#emit(JS_OUTSIDE.has(c) ? `\\${c}` : c, RUST_OUTSIDE.has(c) ? `\\${c}` : c === '-' ? '\\-' : c);
      return true;
    }
    const items = SHORTHAND_ITEMS[c];
    if (items !== undefined) this.#emit(`[${items}]`, `[${items}]`);
    else if (NEGATED_SHORTHANDS[c] !== undefined) {
      const positive = SHORTHAND_ITEMS[NEGATED_SHORTHANDS[c] as string] as string;
      this.#emit(`[^\\n${positive}]`, `[^\\n${positive}]`);
    } else if (c === 'b' || c === 'B') {
      // ASCII word boundaries on both sides, like the ASCII `\w`.
      this.#emit(`\\${c}`, `(?-u:\\${c})`);
      return false;
    } else if (c === 't') this.#emit('\\t', '\\t');
    else this.#refuse(REFUSED_ESCAPES[c] ?? (/[0-9]/.test(c) ? 'backreferences: ripgrep has none' : `the escape "\\${c}"`), at);
    return true;
  }

  #quantifier(quantifiable: boolean): void {
    const c = this.#peek();
    const at = this.#pos;
    let js: string;
    if (c === '*' || c === '+' || c === '?') {
      this.#pos += 1;
      js = c;
    } else if (c === '{') js = this.#braces();
    else return;
    if (!quantifiable) this.#refuse('a repeat after an anchor or a word boundary', at);
    if (this.#peek() === '?') {
      this.#pos += 1;
      js += '?';
    }
    const next = this.#peek();
    if (next === '*' || next === '+' || next === '?' || next === '{')
      this.#refuse('a repeat of a repeat (possessive or doubled)', this.#pos);
    this.#emit(js, js);
  }

  #braces(): string {
    const at = this.#pos;
    const rest = this.#chars.slice(at, at + 24).join('');
    const found = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(rest);
    if (found === null) this.#refuse('a literal "{" must be escaped as "\\{"; a repeat is {n}, {n,} or {n,m}', at);
    const min = Number(found[1]);
    const max = found[3] === undefined || found[3] === '' ? undefined : Number(found[3]);
    if (min > MAX_REPEAT || (max !== undefined && (max > MAX_REPEAT || max < min))) {
      this.#refuse(`a repeat needs 0 <= n <= m <= ${MAX_REPEAT}`, at);
    }
    this.#pos += Array.from(found[0]).length;
    return found[0];
  }

  #class(): boolean {
    const start = this.#pos;
    this.#pos += 1;
    let js = '[';
    let rust = '[';
    if (this.#peek() === '^') {
      this.#pos += 1;
      // A negated class could match a line break in Rust; lines hold none, but say so explicitly.
      js += '^\\n';
      rust += '^\\n';
    }
    let items = 0;
    for (let c = this.#peek(); c !== ']'; c = this.#peek()) {
      if (c === undefined) this.#refuse('an unclosed "["', start);
      const item = this.#classItem(items === 0);
      js += item.js;
      rust += item.rust;
      items += 1;
    }
    if (items === 0) this.#refuse('an empty class "[]"', start);
    this.#pos += 1;
    this.#emit(`${js}]`, `${rust}]`);
    return true;
  }

  #classItem(first: boolean): { js: string; rust: string } {
    const at = this.#pos;
    const c = this.#peek() as string;
    if (c === '[') this.#refuse('a literal "[" inside a class must be escaped (Rust reads "[" there as a nested class)', at);
    const pair = this.#chars.slice(at, at + 2).join('');
    if (pair === '&&' || pair === '~~' || (pair === '--' && !first)) this.#refuse(`"${pair}" inside a class (a set operation in Rust)`, at);
    if (c === '\\' && SHORTHAND_ITEMS[this.#peek(1) ?? ''] !== undefined) {
      this.#pos += 2;
      const items = SHORTHAND_ITEMS[this.#peek(-1) as string] as string;
      return { js: items, rust: items };
    }
    const low = this.#classChar();
    if (this.#peek() !== '-' || this.#peek(1) === ']') return emitClassChar(low);
    this.#pos += 1;
    const high = this.#classChar();
    if ((low.codePointAt(0) as number) > (high.codePointAt(0) as number)) this.#refuse(`the range "${low}-${high}" runs backwards`, at);
    const from = emitClassChar(low);
    const to = emitClassChar(high);
    return { js: `${from.js}-${to.js}`, rust: `${from.rust}-${to.rust}` };
  }

  #classChar(): string {
    const at = this.#pos;
    const c = this.#peek() as string;
    this.#pos += 1;
    if (c === '\n') this.#refuse('line breaks: the search is line by line', at);
    if (c !== '\\') {
      if (c === '[') this.#refuse('a literal "[" inside a class must be escaped', at);
      return c;
    }
    const next = this.#peek();
    this.#pos += 1;
    if (next === 't') return '\t';
    if (next !== undefined && ESCAPABLE.has(next)) return next;
    if (next === 'D' || next === 'W' || next === 'S') this.#refuse(`"\\${next}" inside a class: use a negated class instead`, at);
    return this.#refuse(next === undefined ? 'an unclosed "["' : `the escape "\\${next}" inside a class`, at);
  }
}

function emitClassChar(c: string): { js: string; rust: string } {
  if (c === '\t') return { js: '\\t', rust: '\\t' };
  return { js: JS_INSIDE.has(c) ? `\\${c}` : c, rust: RUST_INSIDE.has(c) ? `\\${c}` : c };
}

function literalForms(source: string): { js: string; rust: string } {
  let js = '';
  let rust = '';
  for (const [index, c] of Array.from(source).entries()) {
    if (c === '\n') {
      throw ToolkitError.create('TOOLKIT_PATTERN_UNSUPPORTED', {
        pattern: source,
        position: index + 1,
        reason: 'line breaks: the search is line by line',
      });
    }
    js += META.has(c) || c === '/' ? `\\${c}` : c;
    rust += META.has(c) ? `\\${c}` : c;
  }
  return { js, rust };
}

/**
 * Checks a pattern against the toolkit's search dialect (the subset of JavaScript and Rust regular
 * expressions both engines read the same way) and compiles it for both.
 * @throws {@link ToolkitError} `TOOLKIT_PATTERN_UNSUPPORTED` naming the construct and its position.
 * @example
 * ```ts
 * const pattern = compileSearchPattern('\\bdefine\\w+\\(', { ignoreCase: false });
 * pattern.regExp.test('export const x = defineTool({'); // true
 * ```
 * @public
 */
export function compileSearchPattern(source: string, options: CompileSearchPatternOptions = {}): SearchPattern {
  const literal = options.literal === true;
  const ignoreCase = options.ignoreCase === true;
  if (source.length === 0 || source.length > MAX_PATTERN_CHARS) {
    throw ToolkitError.create('TOOLKIT_PATTERN_UNSUPPORTED', {
      pattern: source.slice(0, 80),
      position: 1,
      reason: source.length === 0 ? 'an empty pattern matches every line' : `longer than ${MAX_PATTERN_CHARS} characters`,
    });
  }
  const forms = literal ? literalForms(source) : new DialectCompiler(source).compile();
  return {
    source,
    literal,
    ignoreCase,
    regExp: new RegExp(forms.js, ignoreCase ? 'giu' : 'gu'),
    rust: ignoreCase ? `(?i)${forms.rust}` : forms.rust,
  };
}
