import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';
import type { SearchMatch, SearchPatternResult } from '../search/SearchCollector.js';
import type { SearchEngineName } from '../search/SearchEngine.js';

/**
 * Options `toolkit.search` and `toolkit.multi_search` share, as a caller sends them.
 * @public
 */
export interface SearchToolCommonInput {
  /** The workspace root, by name; default the first. */
  readonly root?: string | undefined;
  /** The part of the root to search, relative to it; default `.`. */
  readonly path?: string | undefined;
  /** Match the patterns as plain text; default `false`. */
  readonly literal?: boolean | undefined;
  /** Ignore case; default `false`. */
  readonly ignoreCase?: boolean | undefined;
  /** Only files matching one of these globs. */
  readonly include?: readonly string[] | undefined;
  /** Skip files and folders matching any of these globs. */
  readonly exclude?: readonly string[] | undefined;
  /** Search hidden files and folders too; default `false`. */
  readonly hidden?: boolean | undefined;
  /** Lines of context around each match, 0–10; default 0. */
  readonly context?: number | undefined;
  /** Most matches per pattern, 1–1000; default the plugin's `maxResults`. */
  readonly maxResults?: number | undefined;
}

/**
 * Input of `toolkit.search`.
 * @public
 */
export interface SearchToolInput extends SearchToolCommonInput {
  /** The pattern, in the toolkit's dialect (see the README). */
  readonly pattern: string;
}

/**
 * Input of `toolkit.multi_search`.
 * @public
 */
export interface MultiSearchToolInput extends SearchToolCommonInput {
  /** 1–20 patterns searched in one pass; results are grouped by pattern. */
  readonly patterns: readonly string[];
}

/**
 * Output of `toolkit.search`.
 * @public
 */
export interface SearchToolOutput {
  /** The engine that ran. */
  readonly engine: SearchEngineName;
  /** The workspace root's name. */
  readonly root: string;
  /** The pattern. */
  readonly pattern: string;
  /** Matching lines, in walk order. */
  readonly matches: readonly SearchMatch[];
  /** True when the limit or the output budget cut the matches short. */
  readonly truncated: boolean;
}

/**
 * Output of `toolkit.multi_search`.
 * @public
 */
export interface MultiSearchToolOutput {
  /** The engine that ran. */
  readonly engine: SearchEngineName;
  /** The workspace root's name. */
  readonly root: string;
  /** One result per pattern, in the order given. */
  readonly results: readonly SearchPatternResult[];
}

const common = {
  root: z.string().min(1).optional(),
  path: z.string().min(1).optional(),
  literal: z.boolean().optional(),
  ignoreCase: z.boolean().optional(),
  include: z.array(z.string().min(1)).max(50).readonly().optional(),
  exclude: z.array(z.string().min(1)).max(50).readonly().optional(),
  hidden: z.boolean().optional(),
  context: z.number().int().min(0).max(10).optional(),
  maxResults: z.number().int().min(1).max(1000).optional(),
};
const patternSchema = z.string().min(1).max(1000);
const searchInput = z.strictObject({ pattern: patternSchema, ...common });
const multiSearchInput = z.strictObject({ patterns: z.array(patternSchema).min(1).max(20).readonly(), ...common });

const submatch = z.object({ start: z.number().int(), end: z.number().int() });
const match = z.object({
  path: z.string(),
  line: z.number().int(),
  text: z.string(),
  submatches: z.array(submatch).readonly(),
  before: z.array(z.string()).readonly(),
  after: z.array(z.string()).readonly(),
});
const engine = z.enum(['ripgrep', 'builtin']);
const patternResult = z.object({ pattern: z.string(), matches: z.array(match).readonly(), truncated: z.boolean() });
const searchOutput = z.object({
  engine,
  root: z.string(),
  pattern: z.string(),
  matches: z.array(match).readonly(),
  truncated: z.boolean(),
});
const multiSearchOutput = z.object({ engine, root: z.string(), results: z.array(patternResult).readonly() });

// Compile-time proof that the schemas and the declared types have not drifted apart.
true satisfies SchemaFits<SearchToolInput, typeof searchInput>;
true satisfies SchemaFits<MultiSearchToolInput, typeof multiSearchInput>;
true satisfies SchemaFits<SearchToolOutput, typeof searchOutput>;
true satisfies SchemaFits<MultiSearchToolOutput, typeof multiSearchOutput>;

/**
 * Schema of `toolkit.search`'s input.
 * @public
 */
export const searchToolInputSchema: z.ZodType<SearchToolInput, SearchToolInput> = searchInput;
/**
 * Schema of `toolkit.multi_search`'s input.
 * @public
 */
export const multiSearchToolInputSchema: z.ZodType<MultiSearchToolInput, MultiSearchToolInput> = multiSearchInput;
/**
 * Schema of `toolkit.search`'s output.
 * @public
 */
export const searchToolOutputSchema: z.ZodType<SearchToolOutput, SearchToolOutput> = searchOutput;
/**
 * Schema of `toolkit.multi_search`'s output.
 * @public
 */
export const multiSearchToolOutputSchema: z.ZodType<MultiSearchToolOutput, MultiSearchToolOutput> = multiSearchOutput;
