import type { Glob } from './Glob.js';
import type { SearchPattern } from './SearchPattern.js';
import type { WorkspaceWalk } from './walkWorkspaceFiles.js';

/**
 * The engines `toolkit.search` can run on.
 * @public
 */
export type SearchEngineName = 'ripgrep' | 'builtin';

/**
 * One search, as both engines take it. Both apply the same file rules: `.gitignore` files from the
 * root down (none above it, no global or `.ignore` files), hidden entries skipped unless `hidden`,
 * `.git` always skipped, symbolic links never followed, files with a NUL byte (binary) and files
 * over `maxFileBytes` skipped, folders walked in byte order of their names.
 * @public
 */
export interface SearchRequest extends WorkspaceWalk {
  /** Patterns; a line matches when any of them does. */
  readonly patterns: readonly SearchPattern[];
  /** Lines of context before and after each match. */
  readonly context: number;
}

/**
 * The lines an engine found in one file: every matching line and its context.
 * @public
 */
export interface SearchFileLines {
  /** Path relative to the root, `/`-separated. */
  readonly path: string;
  /** Line texts by 1-based line number (matching and context lines), without the line break. */
  readonly lines: ReadonlyMap<number, string>;
  /** 1-based numbers of the lines that matched, ascending. */
  readonly matched: readonly number[];
}

/**
 * A search engine: walks the files of a request and reports each file with matches, in walk
 * order; stops when `onFile` returns `false`.
 * @public
 */
export interface SearchEngine {
  /** The engine's name. */
  readonly name: SearchEngineName;
  /**
   * Runs the search.
   * @throws the signal's reason when aborted; {@link ToolkitError} `TOOLKIT_ENGINE_FAILED` when the engine fails.
   */
  search(request: SearchRequest, onFile: (file: SearchFileLines) => boolean): Promise<void>;
}

/** True when `path` is inside the request's scope. */
export function inScope(scope: string, path: string): boolean {
  return scope === '.' || path === scope || path.startsWith(`${scope}/`);
}

/** True when a folder may lead into the scope (it is an ancestor of the scope, or inside it). */
export function leadsIntoScope(scope: string, folder: string): boolean {
  return scope === '.' || inScope(scope, folder) || scope.startsWith(`${folder}/`);
}

/** True when an exclude glob matches the path or one of its folders. */
export function isExcluded(exclude: readonly Glob[], path: string, isDirectory: boolean): boolean {
  if (exclude.length === 0) return false;
  const parts = path.split('/');
  for (let end = 1; end <= parts.length; end += 1) {
    const prefix = parts.slice(0, end).join('/');
    const folder = end < parts.length || isDirectory;
    if (exclude.some((glob) => glob.matches(prefix, folder))) return true;
  }
  return false;
}

/** The rules every engine applies to a file it found: scope, include and exclude globs. */
export function acceptsFile(request: Pick<WorkspaceWalk, 'scope' | 'include' | 'exclude'>, path: string): boolean {
  if (!inScope(request.scope, path)) return false;
  if (request.include.length > 0 && !request.include.some((glob) => glob.matches(path, false))) return false;
  return !isExcluded(request.exclude, path, false);
}
