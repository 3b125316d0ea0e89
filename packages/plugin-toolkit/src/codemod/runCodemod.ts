import { readFile } from 'node:fs/promises';
import type { WorkspaceRoots } from '../paths/WorkspaceRoots.js';
import { compileGlob } from '../search/Glob.js';
import { walkWorkspaceFiles } from '../search/walkWorkspaceFiles.js';
import { applyEdits, codemodLanguageOf, rewriteSource } from './rewriteSource.js';
import { unifiedDiff } from './unifiedDiff.js';
import { type AtomicFileWrite, writeFilesAtomically } from './writeFilesAtomically.js';

/**
 * What a codemod asks for (defaults filled in).
 * @public
 */
export interface CodemodQuery {
  /** The workspace root, by name; the first when undefined. */
  readonly root?: string | undefined;
  /** ast-grep pattern: code with `$NAME` (one node) and `$$$NAME` (any number) metavariables. */
  readonly pattern: string;
  /** The replacement, with the pattern's metavariables. */
  readonly rewrite: string;
  /** The folder or file to rewrite, relative to the root. */
  readonly path: string;
  /** Only files matching one of these globs (default: TypeScript and JavaScript files). */
  readonly include: readonly string[];
  /** Skip files and folders matching any of these globs. */
  readonly exclude: readonly string[];
  /** Write the files; otherwise only report the diff. */
  readonly apply: boolean;
  /** Most files changed in one call. */
  readonly maxFiles: number;
}

/**
 * What a codemod did or would do.
 * @public
 */
export interface CodemodOutcome {
  /** The root's name. */
  readonly root: string;
  /** True when the files were written. */
  readonly applied: boolean;
  /** Files changed, with their number of replacements, in walk order. */
  readonly files: readonly { readonly path: string; readonly replacements: number }[];
  /** The unified diff of every change. */
  readonly diff: string;
  /** True when more files would change than `maxFiles` let through (those were left alone). */
  readonly truncated: boolean;
}

/**
 * Rewrites every match of a structural pattern in the TypeScript and JavaScript files of a root
 * (the toolkit's file rules), as a dry run with a unified diff or applied atomically with rollback.
 * @throws {@link ToolkitError} `TOOLKIT_CODEMOD_PATTERN_INVALID`, `TOOLKIT_CODEMOD_APPLY_FAILED`,
 * `TOOLKIT_GLOB_INVALID`, `TOOLKIT_PATH_*`; the signal's reason when aborted.
 * @public
 */
export async function runCodemod(
  settings: { readonly roots: WorkspaceRoots; readonly maxFileBytes: number },
  query: CodemodQuery,
  signal: AbortSignal,
): Promise<CodemodOutcome> {
  const target = await settings.roots.resolve(query.path, { root: query.root });
  const changes: (AtomicFileWrite & { readonly replacements: number })[] = [];
  let truncated = false;
  const walk = {
    root: target.root,
    scope: target.relative,
    include: query.include.map((glob) => compileGlob(glob)),
    exclude: query.exclude.map((glob) => compileGlob(glob)),
    hidden: false,
    maxFileBytes: settings.maxFileBytes,
    signal,
  };
  await walkWorkspaceFiles(walk, async (path, absolute) => {
    const language = codemodLanguageOf(path);
    if (language === undefined) return true;
    const before = await readFile(absolute, 'utf8');
    if (before.includes('\0')) return true;
    const edits = rewriteSource(before, language, query.pattern, query.rewrite);
    const after = applyEdits(before, edits);
    if (after === before) return true;
    if (changes.length >= query.maxFiles) {
      truncated = true;
      return false;
    }
    changes.push({ path, absolute, before, after, replacements: edits.length });
    return true;
  });
  signal.throwIfAborted();
  if (query.apply) await writeFilesAtomically(changes);
  return {
    root: target.root.name,
    applied: query.apply && changes.length > 0,
    files: changes.map((change) => ({ path: change.path, replacements: change.replacements })),
    diff: changes.map((change) => unifiedDiff(change.path, change.before, change.after)).join(''),
    truncated,
  };
}
