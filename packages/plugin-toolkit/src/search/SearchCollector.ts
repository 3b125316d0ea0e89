import type { SearchFileLines } from './SearchEngine.js';
import type { SearchPattern } from './SearchPattern.js';

/**
 * Where a pattern matched within a line: UTF-16 offsets into the line's full text.
 * @public
 */
export interface SearchSubmatch {
  /** Offset of the first character matched. */
  readonly start: number;
  /** Offset after the last character matched. */
  readonly end: number;
}

/**
 * One matching line.
 * @public
 */
export interface SearchMatch {
  /** Path relative to the workspace root, `/`-separated. */
  readonly path: string;
  /** 1-based line number. */
  readonly line: number;
  /** The line, cut to the line limit (a cut line ends with `…`). */
  readonly text: string;
  /** Where the pattern matched in the line. */
  readonly submatches: readonly SearchSubmatch[];
  /** Context lines before the match, nearest last. */
  readonly before: readonly string[];
  /** Context lines after the match. */
  readonly after: readonly string[];
}

/**
 * The matches of one pattern.
 * @public
 */
export interface SearchPatternResult {
  /** The pattern as given. */
  readonly pattern: string;
  /** Matching lines in walk order (folder by folder, names in byte order), then line order. */
  readonly matches: readonly SearchMatch[];
  /** True when more lines matched than the limit let through. */
  readonly truncated: boolean;
}

/**
 * Options of {@link SearchCollector}.
 * @public
 */
export interface SearchCollectorOptions {
  /** Most matches kept per pattern. */
  readonly maxResults: number;
  /** Lines of context before and after. */
  readonly context: number;
  /** Longest line text returned, in characters. */
  readonly maxLineChars: number;
}

interface PatternState {
  readonly pattern: SearchPattern;
  readonly matches: SearchMatch[];
  truncated: boolean;
}

/**
 * Groups the lines an engine reports by pattern, finds each pattern's submatches, and enforces the
 * per-pattern limit. Both engines feed it, so the two differ only in which lines they report.
 * @public
 */
export class SearchCollector {
  readonly #states: readonly PatternState[];
  readonly #options: SearchCollectorOptions;

  /** Creates a collector for `patterns`. */
  constructor(patterns: readonly SearchPattern[], options: SearchCollectorOptions) {
    this.#states = patterns.map((pattern) => ({ pattern, matches: [], truncated: false }));
    this.#options = options;
  }

  /** Takes one file's lines; returns false once every pattern has hit its limit. */
  add(file: SearchFileLines): boolean {
    for (const state of this.#states) if (!state.truncated) this.#addTo(state, file);
    return this.#states.some((state) => !state.truncated);
  }

  /** The results, one per pattern, in the order the patterns were given. */
  results(): SearchPatternResult[] {
    return this.#states.map((state) => ({ pattern: state.pattern.source, matches: state.matches, truncated: state.truncated }));
  }

  #addTo(state: PatternState, file: SearchFileLines): void {
    for (const number of file.matched) {
      const line = file.lines.get(number) ?? '';
      const submatches = this.#submatches(state.pattern, line);
      if (submatches.length === 0) continue;
      if (state.matches.length >= this.#options.maxResults) {
        state.truncated = true;
        return;
      }
      state.matches.push({
        path: file.path,
        line: number,
        text: this.#cut(line),
        submatches,
        before: this.#around(file, number - this.#options.context, number - 1),
        after: this.#around(file, number + 1, number + this.#options.context),
      });
    }
  }

  #submatches(pattern: SearchPattern, line: string): SearchSubmatch[] {
    const found: SearchSubmatch[] = [];
    for (const match of line.matchAll(pattern.regExp)) {
      found.push({ start: match.index, end: match.index + match[0].length });
      if (found.length >= 100) break;
    }
    return found;
  }

  #around(file: SearchFileLines, from: number, to: number): string[] {
    const lines: string[] = [];
    for (let number = from; number <= to; number += 1) {
      const line = file.lines.get(number);
      if (line !== undefined) lines.push(this.#cut(line));
    }
    return lines;
  }

  #cut(line: string): string {
    return line.length <= this.#options.maxLineChars ? line : `${line.slice(0, this.#options.maxLineChars)}…`;
  }
}
