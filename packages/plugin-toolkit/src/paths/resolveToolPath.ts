import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRuntimeHome } from '@cortex-os/kernel';
import { ToolkitError } from '../errors/ToolkitError.js';

/**
 * Where a tools folder of {@link resolveToolPath}'s precedence comes from.
 * @public
 */
export type ToolPathSource = 'AGENT_TOOLKIT_TOOLS_DIR' | 'CORTEX_HOME' | 'platform' | 'builtin';

/**
 * One tools folder of the precedence, in order.
 * @public
 */
export interface ToolPathCandidate {
  /** Where the folder comes from. */
  readonly source: ToolPathSource;
  /** The folder (absolute). */
  readonly dir: string;
}

/**
 * The file-system calls {@link resolveToolPath} makes; tests pass their own to simulate
 * unreadable folders where the process runs as root.
 * @public
 */
export interface ToolPathFileSystem {
  /** `fs.statSync`, following links. */
  readonly statSync: (path: string) => { isDirectory(): boolean };
  /** `fs.realpathSync`. */
  readonly realpathSync: (path: string) => string;
}

/**
 * Options of {@link resolveToolPath}.
 * @public
 */
export interface ResolveToolPathOptions {
  /**
   * The environment to read `AGENT_TOOLKIT_TOOLS_DIR` from, and the runtime home's variables
   * (`CORTEX_HOME`, `XDG_DATA_HOME`, `LOCALAPPDATA`).
   * @defaultValue `process.env`
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * The platform whose data folder is the runtime home when `CORTEX_HOME` is unset.
   * @defaultValue `process.platform`
   */
  readonly platform?: NodeJS.Platform;
  /**
   * The user's home folder, under which the platform's data folder lies.
   * @defaultValue `os.homedir()`
   */
  readonly homedir?: string;
  /**
   * The package's built-in tools folder, last in the precedence.
   * @defaultValue the package's own `tools/` folder
   */
  readonly builtinDir?: string;
  /**
   * File-system calls.
   * @defaultValue `node:fs`
   */
  readonly fs?: ToolPathFileSystem;
}

/**
 * What {@link resolveToolPath} found.
 * @public
 */
export interface ResolvedToolPath {
  /** The tools folder that holds the entry (real path). */
  readonly dir: string;
  /** The entry itself (real path, inside `dir`). */
  readonly path: string;
  /** Which folder of the precedence it came from. */
  readonly source: ToolPathSource;
}

const defaultBuiltinDir = fileURLToPath(new URL('../../tools/', import.meta.url));

/** Usable only when set, non-empty and absolute: a relative value would depend on the working directory. */
function absoluteOrUndefined(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' && isAbsolute(value) ? value : undefined;
}

/**
 * The tools folders in precedence order: `$AGENT_TOOLKIT_TOOLS_DIR` (when set and absolute),
 * `tools/agent-toolkit` under the runtime's home (`resolveRuntimeHome` of `@cortex-os/kernel`:
 * `$CORTEX_HOME`, else the platform's data folder), then the package's built-in folder.
 * @throws {@link @cortex-os/kernel#KernelError} `HOME_INVALID` when `CORTEX_HOME` is set but relative.
 * @public
 */
export function toolPathCandidates(options: ResolveToolPathOptions = {}): readonly ToolPathCandidate[] {
  const env = options.env ?? process.env;
  const candidates: ToolPathCandidate[] = [];
  const direct = absoluteOrUndefined(env['AGENT_TOOLKIT_TOOLS_DIR']);
  if (direct !== undefined) candidates.push({ source: 'AGENT_TOOLKIT_TOOLS_DIR', dir: direct });
  const home = resolveRuntimeHome({
    env,
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...(options.homedir === undefined ? {} : { homedir: options.homedir }),
  });
  candidates.push({ source: home.source, dir: join(home.dir, 'tools', 'agent-toolkit') });
  candidates.push({ source: 'builtin', dir: options.builtinDir ?? defaultBuiltinDir });
  return candidates;
}

/** Refuses names that are not one plain entry of a folder. */
function checkName(name: string): void {
  const reason =
    typeof name !== 'string' || name === ''
      ? 'it is empty'
      : name === '.' || name === '..'
        ? 'it names a folder, not an entry in one'
        : /[/\\]/.test(name)
          ? 'it contains a path separator'
          : name.includes('\0')
            ? 'it contains a NUL byte'
            : undefined;
  if (reason !== undefined) throw ToolkitError.create('TOOLKIT_TOOL_NAME_INVALID', { name: String(name), reason });
}

/** The entry in `dir` when `dir` is a readable folder holding it without leaving `dir`; else undefined. */
function lookIn(dir: string, name: string, fs: ToolPathFileSystem): { dir: string; path: string } | undefined {
  try {
    const realDir = fs.realpathSync(dir);
    if (!fs.statSync(realDir).isDirectory()) return undefined;
    const real = fs.realpathSync(join(realDir, name));
    const rel = relative(realDir, real);
    // A symbolic link whose target lies outside the tools folder does not count as "contains".
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
    return { dir: realDir, path: real };
  } catch {
    // Missing, not a folder, unreadable, a dangling link: this folder does not hold the tool.
    return undefined;
  }
}

/**
 * The first tools folder of the precedence ({@link toolPathCandidates}) that holds `name`: where
 * the toolkit finds a tool's executables or configuration (a custom ripgrep, a rule set).
 * A folder counts only when it is a readable folder and `name` inside it does not lead out of it
 * through a symbolic link.
 * @throws {@link ToolkitError} `TOOLKIT_TOOL_NAME_INVALID` for a name with separators or `..`;
 * `TOOLKIT_TOOL_NOT_FOUND` naming the sources searched.
 * @example
 * ```ts
 * const { path, source } = resolveToolPath('rg', { env: { AGENT_TOOLKIT_TOOLS_DIR: '/opt/agent-tools' } });
 * ```
 * @public
 */
export function resolveToolPath(name: string, options: ResolveToolPathOptions = {}): ResolvedToolPath {
  checkName(name);
  const fs = options.fs ?? { statSync, realpathSync };
  const candidates = toolPathCandidates(options);
  for (const candidate of candidates) {
    const found = lookIn(candidate.dir, name, fs);
    if (found !== undefined) return { ...found, source: candidate.source };
  }
  // Sources by name only: the folders themselves are machine paths.
  throw ToolkitError.create(
    'TOOLKIT_TOOL_NOT_FOUND',
    { name, searched: candidates.map((candidate) => candidate.source).join(', ') },
    { details: { name, searched: candidates.map((candidate) => candidate.source) } },
  );
}
