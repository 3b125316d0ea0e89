import { createJsonDepthScanner } from './jsonDepth.js';

/**
 * Options of {@link parseJsonInSlices}.
 * @public
 */
export interface SlicedJsonParseOptions {
  /** About how many characters are parsed or scanned between two yields. */
  readonly sliceChars: number;
  /** Lets the event loop run (other requests are served meanwhile). */
  readonly yieldToLoop: () => Promise<void>;
  /**
   * Called for every object member as `JSON.parse`'s reviver would be (it may throw to refuse
   * the body); undefined: none. It must return the value unchanged.
   */
  readonly checkMember?: ((key: string, value: unknown) => unknown) | undefined;
}

/** Containers nested in a single too-large element are split this many levels deep; deeper ones are parsed in one step (each level is scanned again). */
const MAX_SPLIT_LEVELS = 4;

/** Thrown inside the sliced parse when the text is not what it looked like; the caller re-parses in one step for the exact error. */
class NotSliceable extends Error {}

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/**
 * Parses JSON text to the value `JSON.parse` would give, in steps of about `sliceChars`
 * characters with the event loop running between them: a large array or object is
 * split at its top-level commas and parsed a group of elements at a time, recursing into an
 * element that is itself larger than a slice. A large string or number is one step (copying a
 * string is cheap). When the text is not valid JSON it is parsed once more in one step, so the
 * error thrown is exactly `JSON.parse`'s (a client mistake: the cost is at most what a single
 * parse always cost). Check the nesting first ({@link checkJsonBodyInSlices} does both).
 * @public
 */
export async function parseJsonInSlices(text: string, options: SlicedJsonParseOptions): Promise<unknown> {
  const parser = new SlicedJsonParser(text, options);
  try {
    return await parser.value(0, text.length);
  } catch (error) {
    if (!(error instanceof NotSliceable) && !(error instanceof SyntaxError)) throw error;
    // The one-step parse throws the exact error; when it does not (the slicing misjudged valid text), its value stands.
    return options.checkMember === undefined
      ? JSON.parse(text)
      : JSON.parse(text, options.checkMember as (k: string, v: unknown) => unknown);
  }
}

/** One sliced parse: the text, the work done since the last yield. */
class SlicedJsonParser {
  readonly #text: string;
  readonly #options: SlicedJsonParseOptions;
  #work = 0;

  constructor(text: string, options: SlicedJsonParseOptions) {
    this.#text = text;
    this.#options = options;
  }

  /** The value of `text[start, end)`, surrounding whitespace allowed. */
  async value(start: number, end: number, level = 0): Promise<unknown> {
    const text = this.#text;
    while (start < end && isSpace(text.charCodeAt(start))) start += 1;
    while (end > start && isSpace(text.charCodeAt(end - 1))) end -= 1;
    const open = text.charCodeAt(start);
    const close = text.charCodeAt(end - 1);
    const container = (open === OPEN_ARRAY && close === CLOSE_ARRAY) || (open === OPEN_OBJECT && close === CLOSE_OBJECT);
    if (end - start <= this.#options.sliceChars || !container || level > MAX_SPLIT_LEVELS) return this.#parse(text.slice(start, end));
    const commas = await this.#topLevelCommas(start + 1, end - 1);
    return open === OPEN_ARRAY ? this.#array(start + 1, end - 1, commas, level) : this.#object(start + 1, end - 1, commas, level);
  }

  async #array(start: number, end: number, commas: readonly number[], level: number): Promise<unknown[]> {
    const out: unknown[] = [];
    await this.#groups(start, end, commas, async (from, to, single) => {
      if (single && to - from > this.#options.sliceChars) {
        out.push(await this.value(from, to, level + 1));
        return;
      }
      const items = this.#parse(`[${this.#text.slice(from, to)}]`) as unknown[];
      for (const item of items) out.push(item);
    });
    return out;
  }

  async #object(start: number, end: number, commas: readonly number[], level: number): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    await this.#groups(start, end, commas, async (from, to, single) => {
      if (single && to - from > this.#options.sliceChars) {
        const colon = this.#memberColon(from, to);
        const key = this.#parse(this.#text.slice(from, colon));
        if (typeof key !== 'string') throw new NotSliceable();
        this.#assign(out, key, await this.value(colon + 1, to, level + 1));
        return;
      }
      const members = this.#parse(`{${this.#text.slice(from, to)}}`) as Record<string, unknown>;
      for (const key of Object.keys(members)) this.#assign(out, key, members[key]);
    });
    return out;
  }

  /**
   * Calls `take` for consecutive groups of elements (between the given commas) of about a slice
   * each; `single` when the group is one element. A blank element (`[1,,2]`) is not JSON.
   */
  async #groups(
    start: number,
    end: number,
    commas: readonly number[],
    take: (from: number, to: number, single: boolean) => Promise<void>,
  ): Promise<void> {
    const bounds = [start - 1, ...commas, end];
    if (commas.length === 0 && this.#blank(start, end)) return;
    let groupFrom = start;
    let count = 0;
    for (let i = 1; i < bounds.length; i += 1) {
      const from = (bounds[i - 1] as number) + 1;
      const to = bounds[i] as number;
      if (this.#blank(from, to)) throw new NotSliceable();
      const big = to - from > this.#options.sliceChars;
      if (big && count > 0) {
        await this.#flush(take, groupFrom, from - 1, count === 1);
        count = 0;
      }
      if (count === 0) groupFrom = from;
      count += 1;
      if (big || to - groupFrom >= this.#options.sliceChars || i === bounds.length - 1) {
        await this.#flush(take, groupFrom, to, count === 1);
        count = 0;
      }
    }
  }

  async #flush(
    take: (from: number, to: number, single: boolean) => Promise<void>,
    from: number,
    to: number,
    single: boolean,
  ): Promise<void> {
    await take(from, to, single);
    await this.#spent(to - from);
  }

  /** Positions of the commas at the top level of `text[start, end)` (inside one array or object). */
  async #topLevelCommas(start: number, end: number): Promise<number[]> {
    const text = this.#text;
    const commas: number[] = [];
    let depth = 0;
    let inString = false;
    for (let at = start; at < end; at += 1) {
      const code = text.charCodeAt(at);
      if (inString) {
        if (code === BACKSLASH) at += 1;
        else if (code === QUOTE) inString = false;
      } else if (code === QUOTE) inString = true;
      else if (code === OPEN_ARRAY || code === OPEN_OBJECT) depth += 1;
      else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
        depth -= 1;
        if (depth < 0) throw new NotSliceable();
      } else if (code === COMMA && depth === 0) commas.push(at);
      if ((at - start) % this.#options.sliceChars === this.#options.sliceChars - 1) await this.#spent(this.#options.sliceChars);
    }
    if (inString || depth !== 0) throw new NotSliceable();
    return commas;
  }

  /** The colon after a member's key (the key is a string: the first unescaped quote pair). */
  #memberColon(from: number, to: number): number {
    const text = this.#text;
    let at = from;
    while (at < to && isSpace(text.charCodeAt(at))) at += 1;
    if (text.charCodeAt(at) !== QUOTE) throw new NotSliceable();
    for (at += 1; at < to; at += 1) {
      const code = text.charCodeAt(at);
      if (code === BACKSLASH) at += 1;
      else if (code === QUOTE) break;
    }
    for (at += 1; at < to; at += 1) {
      const code = text.charCodeAt(at);
      if (code === COLON) return at;
      if (!isSpace(code)) break;
    }
    throw new NotSliceable();
  }

  /** Sets a member as `JSON.parse` does: an own data property, even for `__proto__`; later duplicates win. */
  #assign(out: Record<string, unknown>, key: string, value: unknown): void {
    const checked = this.#options.checkMember === undefined ? value : this.#options.checkMember(key, value);
    if (key === '__proto__') Object.defineProperty(out, key, { value: checked, writable: true, enumerable: true, configurable: true });
    else out[key] = checked;
  }

  #blank(from: number, to: number): boolean {
    for (let at = from; at < to; at += 1) if (!isSpace(this.#text.charCodeAt(at))) return false;
    return true;
  }

  #parse(slice: string): unknown {
    const check = this.#options.checkMember;
    return check === undefined ? JSON.parse(slice) : JSON.parse(slice, check as (k: string, v: unknown) => unknown);
  }

  /** Counts work; lets the loop run once a slice's worth was done. */
  async #spent(chars: number): Promise<void> {
    this.#work += chars;
    if (this.#work < this.#options.sliceChars) return;
    this.#work = 0;
    await this.#options.yieldToLoop();
  }
}

/**
 * What {@link checkJsonBodyInSlices} found: the value, or why the text is refused (`too-deep`:
 * nested beyond the limit, checked before parsing; `malformed`: `JSON.parse`'s own message).
 * @public
 */
export type JsonBodyOutcome =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly reason: 'too-deep' | 'malformed'; readonly message: string };

/**
 * Options of {@link checkJsonBodyInSlices}.
 * @public
 */
export interface CheckJsonBodyOptions extends SlicedJsonParseOptions {
  /** Deeper nesting is refused before parsing (it would overflow the stack of every recursive step after). */
  readonly maxDepth: number;
}

/**
 * Checks the nesting of a large JSON body and parses it, both in slices with the event loop
 * running between them, so other requests (probes) are answered while it is processed: what
 * every transport of the runtime does with a body larger than a slice. Blank text is `undefined`.
 * @public
 */
export async function checkJsonBodyInSlices(text: string, options: CheckJsonBodyOptions): Promise<JsonBodyOutcome> {
  const scanner = createJsonDepthScanner(options.maxDepth);
  for (let at = 0; at < text.length; at += options.sliceChars) {
    await options.yieldToLoop();
    if (scanner.scan(text, at, Math.min(text.length, at + options.sliceChars))) {
      return { ok: false, reason: 'too-deep', message: `nested deeper than ${options.maxDepth} levels` };
    }
  }
  await options.yieldToLoop();
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: await parseJsonInSlices(text, options) };
  } catch (error) {
    return { ok: false, reason: 'malformed', message: (error as Error).message };
  }
}
