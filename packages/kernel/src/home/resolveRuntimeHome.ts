import { homedir as osHomedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { KernelError } from '../errors/KernelError.js';

/**
 * Options of {@link resolveRuntimeHome}. The environment is always the caller's to give — the
 * kernel reads none itself; platform and home folder default to the running machine's, so tests
 * (and tools that resolve another machine's layout) can pass their own.
 * @public
 */
export interface ResolveRuntimeHomeOptions {
  /** Usually `process.env`; `CORTEX_HOME`, `XDG_DATA_HOME` and `LOCALAPPDATA` are read from it. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Default `process.platform`. */
  readonly platform?: NodeJS.Platform;
  /** The user's home folder; default `os.homedir()`. */
  readonly homedir?: string;
}

/**
 * The folder a runtime keeps its data in, and how it was chosen.
 * @public
 */
export interface RuntimeHome {
  /** Absolute path of the home folder (not created by the resolver). */
  readonly dir: string;
  /** `CORTEX_HOME` when the variable chose it, `platform` when it is the platform's data folder. */
  readonly source: 'CORTEX_HOME' | 'platform';
}

/** The folder name under the platform's data folder. */
const folderName = 'cortex-os';

/**
 * Resolves the runtime's home folder: `CORTEX_HOME` when set, else the platform's data folder —
 * `$XDG_DATA_HOME/cortex-os` (default `~/.local/share/cortex-os`) on Linux and other Unix systems,
 * `~/Library/Application Support/cortex-os` on macOS, `%LOCALAPPDATA%\cortex-os` (default
 * `~\AppData\Local\cortex-os`) on Windows. The working directory never matters, so a desktop
 * client that starts a server from `/` gets the same home as a shell. Relative values of
 * `CORTEX_HOME`, `XDG_DATA_HOME` or `LOCALAPPDATA` are refused (or, for the two platform
 * variables, ignored as the XDG specification asks) because they would depend on the working
 * directory again.
 * @throws {@link KernelError} `HOME_INVALID` when `CORTEX_HOME` is set but not an absolute path.
 * @example
 * ```ts
 * import { join } from 'node:path';
 * import { resolveRuntimeHome } from '@cortex-os/kernel';
 *
 * const home = resolveRuntimeHome({ env: { CORTEX_HOME: '/tmp/cortex-home' } });
 * console.log(home.dir, home.source); // '/tmp/cortex-home' 'CORTEX_HOME'
 * const memoryDir = join(home.dir, 'memory');
 * ```
 * @public
 */
export function resolveRuntimeHome(options: ResolveRuntimeHomeOptions): RuntimeHome {
  const env = options.env;
  const platform = options.platform ?? process.platform;
  const path = platform === 'win32' ? win32 : posix;
  const explicit = env.CORTEX_HOME;
  if (explicit !== undefined && explicit !== '') {
    if (!path.isAbsolute(explicit)) {
      throw KernelError.create('HOME_INVALID', { value: explicit }, { details: { variable: 'CORTEX_HOME', value: explicit } });
    }
    return { dir: path.normalize(explicit), source: 'CORTEX_HOME' };
  }
  const home = options.homedir ?? osHomedir();
  return { dir: path.join(platformDataDir(env, platform, home), folderName), source: 'platform' };
}

/** The platform's per-user data folder, ignoring relative overrides. */
function platformDataDir(env: Readonly<Record<string, string | undefined>>, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA;
    return local !== undefined && win32.isAbsolute(local) ? local : win32.join(home, 'AppData', 'Local');
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support');
  const xdg = env.XDG_DATA_HOME;
  return xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.local', 'share');
}
