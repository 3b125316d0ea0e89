import type { Dirent } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkspaceRoot } from '../paths/WorkspaceRoots.js';
import type { Glob } from './Glob.js';
import { IGNORE_FILES, type IgnoreRuleStack, isIgnoredBy, parseGitignore } from './GitignoreRules.js';
import { acceptsFile, isExcluded, leadsIntoScope } from './SearchEngine.js';

/**
 * Which files of a root a walk visits: the toolkit's file rules (see {@link SearchRequest}).
 * @public
 */
export interface WorkspaceWalk {
  /** The root walked. */
  readonly root: WorkspaceRoot;
  /** The part of the root walked: `.` or a relative `/`-separated path. */
  readonly scope: string;
  /** When non-empty, only files matching one of them. */
  readonly include: readonly Glob[];
  /** Files and folders matching any of them are skipped. */
  readonly exclude: readonly Glob[];
  /** Visit hidden (dot) files and folders too. */
  readonly hidden: boolean;
  /** Files larger than this are skipped. */
  readonly maxFileBytes: number;
  /** Aborts the walk. */
  readonly signal: AbortSignal;
}

/** Entries sorted by the bytes of their names, as ripgrep's `--sort path` walks them. */
function byName(a: Dirent, b: Dirent): number {
  return Buffer.compare(Buffer.from(a.name), Buffer.from(b.name));
}

const noRules: IgnoreRuleStack = { '.rgignore': [], '.ignore': [], '.gitignore': [] };

class Walk {
  readonly #walk: WorkspaceWalk;
  readonly #visit: (path: string, absolute: string) => Promise<boolean>;
  #stopped = false;

  constructor(walk: WorkspaceWalk, visit: (path: string, absolute: string) => Promise<boolean>) {
    this.#walk = walk;
    this.#visit = visit;
  }

  async folder(relative: string, inherited: IgnoreRuleStack): Promise<void> {
    this.#walk.signal.throwIfAborted();
    const absolute = relative === '' ? this.#walk.root.path : join(this.#walk.root.path, relative);
    const entries = (await readdir(absolute, { withFileTypes: true })).sort(byName);
    const rules = await this.#withIgnoreFiles(absolute, relative, entries, inherited);
    for (const entry of entries) {
      if (this.#stopped) return;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.name === '.git' || (!this.#walk.hidden && entry.name.startsWith('.'))) continue;
      // Symbolic links are never followed, and FIFOs, sockets and devices never read.
      if (entry.isDirectory()) {
        if (leadsIntoScope(this.#walk.scope, path) && !isIgnoredBy(rules, path, true) && !isExcluded(this.#walk.exclude, path, true)) {
          await this.folder(path, rules);
        }
      } else if (entry.isFile() && !isIgnoredBy(rules, path, false) && acceptsFile(this.#walk, path)) {
        await this.#file(path, join(absolute, entry.name));
      }
    }
  }

  async #withIgnoreFiles(
    absolute: string,
    relative: string,
    entries: readonly Dirent[],
    inherited: IgnoreRuleStack,
  ): Promise<IgnoreRuleStack> {
    let stack = inherited;
    for (const name of IGNORE_FILES) {
      if (!entries.some((entry) => entry.name === name && entry.isFile())) continue;
      const rules = parseGitignore(relative, await readFile(join(absolute, name), 'utf8'));
      stack = { ...stack, [name]: [...stack[name], rules] };
    }
    return stack;
  }

  async #file(path: string, absolute: string): Promise<void> {
    this.#walk.signal.throwIfAborted();
    const { size } = await lstat(absolute);
    if (size > this.#walk.maxFileBytes) return;
    if (!(await this.#visit(path, absolute))) this.#stopped = true;
  }
}

/**
 * Walks the files of a root by the toolkit's file rules, depth first with names in byte order,
 * calling `visit` with each file's root-relative path and real path; stops when it returns false.
 * @throws the signal's reason when aborted; what `visit` or the file system threw.
 * @public
 */
export async function walkWorkspaceFiles(walk: WorkspaceWalk, visit: (path: string, absolute: string) => Promise<boolean>): Promise<void> {
  await new Walk(walk, visit).folder('', noRules);
}
