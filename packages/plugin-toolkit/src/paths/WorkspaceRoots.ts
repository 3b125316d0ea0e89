import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * A workspace root as the host configures it.
 * @public
 */
export interface WorkspaceRootInput {
  /** The folder; relative paths are resolved against the process's working directory. */
  readonly path: string;
  /**
   * The name tool calls use to pick this root.
   * @defaultValue the folder's base name
   */
  readonly name?: string | undefined;
}

/**
 * A workspace root after checking: its name and its real (symlink-free) absolute path.
 * @public
 */
export interface WorkspaceRoot {
  /** The name tool calls use to pick this root. */
  readonly name: string;
  /** Real absolute path; never shown to remote callers. */
  readonly path: string;
}

/**
 * A path inside a workspace root, as {@link WorkspaceRoots.resolve} returns it.
 * @public
 */
export interface WorkspacePath {
  /** The root it lies in. */
  readonly root: WorkspaceRoot;
  /** Real absolute path (symbolic links resolved); for the toolkit's own use, never sent to callers. */
  readonly absolute: string;
  /** Path relative to the root with `/` separators; `.` for the root itself. What callers see. */
  readonly relative: string;
  /** True when something exists at the path. */
  readonly exists: boolean;
}

/**
 * Options of {@link WorkspaceRoots.resolve}.
 * @public
 */
export interface WorkspaceResolveOptions {
  /**
   * The root to resolve against, by name.
   * @defaultValue the first root
   */
  readonly root?: string | undefined;
  /**
   * Refuse a path that does not exist with `TOOLKIT_PATH_NOT_FOUND`.
   * @defaultValue `true`
   */
  readonly mustExist?: boolean;
}

/**
 * The workspace roots every toolkit tool is confined to: the allow-list of folders tools may read
 * (and `codemod` may write).
 * @public
 */
export interface WorkspaceRoots {
  /** The roots, in configuration order; the first is the default. */
  readonly roots: readonly WorkspaceRoot[];
  /**
   * The root with that name, or the first one.
   * @throws {@link ToolkitError} `TOOLKIT_ROOT_UNKNOWN`.
   */
  root(name?: string): WorkspaceRoot;
  /**
   * Resolves a caller's path (relative to the root, or absolute inside it) to a real path inside
   * the root. `..` segments, absolute paths and symbolic links that lead outside are refused;
   * messages name the path relative to the root, never an absolute machine path.
   * @throws {@link ToolkitError} `TOOLKIT_PATH_INVALID`, `TOOLKIT_PATH_OUTSIDE_ROOT`, `TOOLKIT_PATH_NOT_FOUND`, `TOOLKIT_ROOT_UNKNOWN`.
   */
  resolve(path: string, options?: WorkspaceResolveOptions): Promise<WorkspacePath>;
  /** True when `absolute` (a real path) is the root or inside it, compared as the file system does. */
  contains(root: WorkspaceRoot, absolute: string): boolean;
}

/**
 * Options of {@link createWorkspaceRoots}.
 * @public
 */
export interface CreateWorkspaceRootsOptions {
  /**
   * Compare paths without regard to case, as macOS and Windows file systems do.
   * @defaultValue `true` on darwin and win32, `false` elsewhere
   */
  readonly caseInsensitive?: boolean;
}

const MAX_PATH_CHARS = 4096;

/** `/`-separated, for callers on every platform. */
function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

class ConfinedWorkspaceRoots implements WorkspaceRoots {
  readonly roots: readonly WorkspaceRoot[];
  readonly #caseInsensitive: boolean;

  constructor(roots: readonly WorkspaceRoot[], caseInsensitive: boolean) {
    this.roots = roots;
    this.#caseInsensitive = caseInsensitive;
  }

  root(name?: string): WorkspaceRoot {
    const first = this.roots[0] as WorkspaceRoot;
    if (name === undefined) return first;
    const found = this.roots.find((root) => root.name === name);
    if (found !== undefined) return found;
    throw ToolkitError.create(
      'TOOLKIT_ROOT_UNKNOWN',
      { root: name, roots: this.roots.map((root) => root.name).join(', ') },
      { details: { root: name } },
    );
  }

  contains(root: WorkspaceRoot, absolute: string): boolean {
    const base = this.#caseInsensitive ? root.path.toLowerCase() : root.path;
    const candidate = this.#caseInsensitive ? absolute.toLowerCase() : absolute;
    const rel = relative(base, candidate);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  }

  async resolve(path: string, options: WorkspaceResolveOptions = {}): Promise<WorkspacePath> {
    const root = this.root(options.root);
    checkShape(path, root);
    const lexical = isAbsolute(path) ? resolve(path) : resolve(root.path, path);
    const shown = toPosix(relative(root.path, lexical)) || '.';
    if (!this.contains(root, lexical)) throw outside(shown, root, '');
    const { real, exists } = await realPathOf(lexical);
    // The lexical path was inside; only a symbolic link can have led out. Its target is never named.
    if (!this.contains(root, real)) throw outside(shown, root, ' through a symbolic link');
    if (!exists && options.mustExist !== false) {
      throw ToolkitError.create('TOOLKIT_PATH_NOT_FOUND', { path: shown, root: root.name }, { details: { path: shown, root: root.name } });
    }
    return { root, absolute: real, relative: toPosix(relative(root.path, real)) || '.', exists };
  }
}

function checkShape(path: string, root: WorkspaceRoot): void {
  const reason =
    typeof path !== 'string' || path === ''
      ? 'it is empty'
      : path.includes('\0')
        ? 'it contains a NUL byte'
        : path.length > MAX_PATH_CHARS
          ? `it is longer than ${MAX_PATH_CHARS} characters`
          : undefined;
  if (reason === undefined) return;
  const shown = typeof path === 'string' ? path.replaceAll('\0', '\\0').slice(0, 80) : String(path);
  throw ToolkitError.create('TOOLKIT_PATH_INVALID', { path: shown, reason }, { details: { path: shown, root: root.name } });
}

function outside(shown: string, root: WorkspaceRoot, via: string): ToolkitError {
  return ToolkitError.create(
    'TOOLKIT_PATH_OUTSIDE_ROOT',
    { path: shown, root: root.name, via },
    { details: { path: shown, root: root.name, symlink: via !== '' } },
  );
}

/**
 * The real path of `absolute`: of the path itself when it exists, else of its deepest existing
 * ancestor with the missing segments appended (so a path to be created is checked too). A
 * dangling symbolic link on the way is followed to where it points: writing through it would.
 */
async function realPathOf(absolute: string, hops = 0): Promise<{ real: string; exists: boolean }> {
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = await realpath(current);
      return { real: missing.length === 0 ? real : join(real, ...missing.reverse()), exists: missing.length === 0 };
    } catch (error) {
      const parent = dirname(current);
      // ENOENT climbs to the parent; ENOTDIR (a file used as a folder) too: the path cannot exist.
      if (parent === current || !isMissing(error)) throw error;
      const link = await danglingTarget(current);
      if (link !== undefined && hops < MAX_LINK_HOPS) return realPathOf(join(link, ...missing.reverse()), hops + 1);
      missing.push(basename(current));
      current = parent;
    }
  }
}

const MAX_LINK_HOPS = 40;

/** Where a dangling symbolic link points (absolute), or undefined when `path` is no link. */
async function danglingTarget(path: string): Promise<string | undefined> {
  try {
    if (!(await lstat(path)).isSymbolicLink()) return undefined;
    return resolve(dirname(path), await readlink(path));
  } catch {
    return undefined;
  }
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Checks the configured roots (each must be an existing folder with a unique name) and returns
 * the {@link WorkspaceRoots} the toolkit's tools are confined to.
 * @throws {@link ToolkitError} `TOOLKIT_ROOT_INVALID` naming every bad root at once.
 * @example
 * ```ts
 * const roots = await createWorkspaceRoots([{ path: '.', name: 'repo' }]);
 * const file = await roots.resolve('src/index.ts'); // file.relative === 'src/index.ts'
 * ```
 * @public
 */
export async function createWorkspaceRoots(
  inputs: readonly WorkspaceRootInput[],
  options: CreateWorkspaceRootsOptions = {},
): Promise<WorkspaceRoots> {
  if (inputs.length === 0) {
    throw ToolkitError.create('TOOLKIT_ROOT_INVALID', { root: '(none)', reason: 'at least one workspace root is needed' });
  }
  const checked = await Promise.all(inputs.map(checkRoot));
  const problems = checked.flatMap((result) => (typeof result === 'string' ? [result] : []));
  const roots = checked.filter((result): result is WorkspaceRoot => typeof result !== 'string');
  const names = roots.map((root) => root.name);
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  for (const name of new Set(duplicates)) problems.push(`"${name}": two roots share this name; give each a unique \`name\``);
  if (problems.length > 0) {
    throw ToolkitError.create(
      'TOOLKIT_ROOT_INVALID',
      { root: problems.length === 1 ? 'one root' : `${problems.length} roots`, reason: problems.join('; ') },
      { details: { problems } },
    );
  }
  const caseInsensitive = options.caseInsensitive ?? (process.platform === 'darwin' || process.platform === 'win32');
  return new ConfinedWorkspaceRoots(roots, caseInsensitive);
}

/** The root, or a problem naming it by its name (host configuration, so the given path may be named). */
async function checkRoot(input: WorkspaceRootInput): Promise<WorkspaceRoot | string> {
  const name = input.name ?? basename(resolve(input.path));
  try {
    const real = await realpath(resolve(input.path));
    if (!(await stat(real)).isDirectory()) return `"${name}": not a folder`;
    return { name: name === '' ? 'root' : name, path: real };
  } catch (error) {
    return `"${name}": ${isMissing(error) ? 'does not exist' : 'cannot be read'}`;
  }
}
