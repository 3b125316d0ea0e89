import type { WorkspaceRoots } from '../paths/WorkspaceRoots.js';
import { compileGlob } from './Glob.js';
import { SearchCollector, type SearchPatternResult } from './SearchCollector.js';
import type { SearchEngine, SearchEngineName } from './SearchEngine.js';
import { compileSearchPattern } from './SearchPattern.js';

/**
 * What a search asks for, as the tools take it (defaults filled in).
 * @public
 */
export interface SearchQuery {
  /** Patterns in the toolkit's dialect; results are grouped by pattern. */
  readonly patterns: readonly string[];
  /** The workspace root, by name; the first root when undefined. */
  readonly root?: string | undefined;
  /** The part of the root to search, relative to it. */
  readonly path: string;
  /** Match the patterns as plain text. */
  readonly literal: boolean;
  /** Ignore case. */
  readonly ignoreCase: boolean;
  /** Only files matching one of these globs. */
  readonly include: readonly string[];
  /** Skip files and folders matching any of these globs. */
  readonly exclude: readonly string[];
  /** Search hidden files and folders too. */
  readonly hidden: boolean;
  /** Lines of context around each match. */
  readonly context: number;
  /** Most matches per pattern. */
  readonly maxResults: number;
}

/**
 * The host's settings every search runs under.
 * @public
 */
export interface SearchSettings {
  /** The roots searches are confined to. */
  readonly roots: WorkspaceRoots;
  /** The engine. */
  readonly engine: SearchEngine;
  /** Files larger than this are skipped. */
  readonly maxFileBytes: number;
  /** Longest line text returned. */
  readonly maxLineChars: number;
}

/**
 * What a search found.
 * @public
 */
export interface SearchOutcome {
  /** The engine that ran. */
  readonly engine: SearchEngineName;
  /** The root's name. */
  readonly root: string;
  /** One result per pattern, in the order given. */
  readonly results: readonly SearchPatternResult[];
}

/**
 * Runs a search: checks the patterns and globs, confines the path to its root, runs the engine and
 * groups its lines by pattern.
 * @throws {@link ToolkitError} `TOOLKIT_PATTERN_UNSUPPORTED`, `TOOLKIT_GLOB_INVALID`, `TOOLKIT_PATH_*`,
 * `TOOLKIT_ROOT_UNKNOWN`, `TOOLKIT_ENGINE_FAILED`; the signal's reason when aborted.
 * @public
 */
export async function runSearch(settings: SearchSettings, query: SearchQuery, signal: AbortSignal): Promise<SearchOutcome> {
  const patterns = query.patterns.map((source) => compileSearchPattern(source, { literal: query.literal, ignoreCase: query.ignoreCase }));
  const include = query.include.map((glob) => compileGlob(glob));
  const exclude = query.exclude.map((glob) => compileGlob(glob));
  const target = await settings.roots.resolve(query.path, { root: query.root });
  const collector = new SearchCollector(patterns, {
    maxResults: query.maxResults,
    context: query.context,
    maxLineChars: settings.maxLineChars,
  });
  await settings.engine.search(
    {
      root: target.root,
      scope: target.relative,
      patterns,
      include,
      exclude,
      hidden: query.hidden,
      context: query.context,
      maxFileBytes: settings.maxFileBytes,
      signal,
    },
    (file) => collector.add(file),
  );
  return { engine: settings.engine.name, root: target.root.name, results: collector.results() };
}
