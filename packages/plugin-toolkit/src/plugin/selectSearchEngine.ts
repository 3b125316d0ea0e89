import type { Logger } from '@cortex-os/kernel';
import { ToolkitError } from '../errors/ToolkitError.js';
import { resolveToolPath } from '../paths/resolveToolPath.js';
import { createBuiltinSearchEngine } from '../search/BuiltinSearchEngine.js';
import { createRipgrepSearchEngine, detectRipgrep } from '../search/RipgrepSearchEngine.js';
import type { SearchEngine } from '../search/SearchEngine.js';
import type { ToolkitEngineChoice } from './ToolkitPluginOptions.js';

/**
 * Options of {@link selectSearchEngine}.
 * @public
 */
export interface SelectSearchEngineOptions {
  /** The host's choice. */
  readonly engine: ToolkitEngineChoice;
  /** The ripgrep executable; default `rg` from the tools folders, else from `PATH`. */
  readonly ripgrepPath?: string | undefined;
  /** SIGTERM-to-SIGKILL grace for ripgrep, in ms. */
  readonly killGraceMs: number;
  /** Where the choice is logged. */
  readonly logger?: Logger;
}

/** `rg` from the tools folders' precedence when one holds it, else the name for `PATH`. */
function defaultRipgrepPath(): string {
  try {
    return resolveToolPath('rg').path;
  } catch (error) {
    // Not in any tools folder: PATH decides. A misconfigured home (relative CORTEX_HOME) is told, not hidden.
    if (error instanceof ToolkitError && error.code === 'TOOLKIT_TOOL_NOT_FOUND') return 'rg';
    throw error;
  }
}

/**
 * Picks the search engine: ripgrep when chosen or (for `auto`) when it answers `--version`, the
 * built-in engine otherwise.
 * @throws {@link ToolkitError} `TOOLKIT_ENGINE_UNAVAILABLE` when `ripgrep` was chosen and none runs.
 * @public
 */
export async function selectSearchEngine(options: SelectSearchEngineOptions): Promise<SearchEngine> {
  if (options.engine === 'builtin') return createBuiltinSearchEngine();
  const path = options.ripgrepPath ?? defaultRipgrepPath();
  const installation = await detectRipgrep(path);
  if (installation !== undefined) {
    options.logger?.info({ ripgrep: installation.version }, 'toolkit search runs on ripgrep');
    return createRipgrepSearchEngine({ path, killGraceMs: options.killGraceMs });
  }
  if (options.engine === 'ripgrep') {
    throw ToolkitError.create('TOOLKIT_ENGINE_UNAVAILABLE', { engine: 'ripgrep', reason: `"${path}" --version did not answer as ripgrep` });
  }
  options.logger?.warn({}, 'ripgrep not found: toolkit search runs on the built-in engine');
  return createBuiltinSearchEngine();
}
