/**
 * The default nesting limit of JSON request bodies: deep enough for any real payload (JSON
 * Schemas included), far below what overflows the stack of `JSON.stringify` or a validator.
 * @public
 */
export const DEFAULT_MAX_JSON_DEPTH = 128;

/**
 * A resumable nesting check of JSON text, fed slice by slice (so a large body can be checked
 * between turns of the event loop). Brackets inside strings do not count.
 * @public
 */
export interface JsonDepthScanner {
  /** Scans `text` from `start` up to (not including) `end`; true once the nesting exceeded the limit. */
  scan(text: string, start: number, end: number): boolean;
}

/**
 * Creates a {@link JsonDepthScanner} for one text.
 * @public
 */
export function createJsonDepthScanner(maxDepth: number = DEFAULT_MAX_JSON_DEPTH): JsonDepthScanner {
  let depth = 0;
  let inString = false;
  let escaped = false;
  return {
    scan(text, start, end) {
      for (let i = start; i < end; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) inString = false;
        } else if (c === 0x22) inString = true;
        else if (c === 0x5b || c === 0x7b) {
          depth++;
          if (depth > maxDepth) return true;
        } else if (c === 0x5d || c === 0x7d) depth--;
      }
      return false;
    },
  };
}

/**
 * True when the JSON text nests arrays and objects deeper than `maxDepth`. A linear scan of the
 * text, run before parsing: a body nested 10,000 deep parses, but then overflows the stack of
 * every recursive step after it (validation, serialisation), which would answer 500 for a
 * client's mistake.
 * @public
 */
export function exceedsJsonDepth(text: string, maxDepth: number = DEFAULT_MAX_JSON_DEPTH): boolean {
  return createJsonDepthScanner(maxDepth).scan(text, 0, text.length);
}
