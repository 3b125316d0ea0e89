import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadRuntimeConfig, type RuntimeConfig } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import { cliPlugins, defaultConfigFile } from '../config/cliPlugins.js';

/** The effective configuration and the file it came from (when any). */
export interface LoadedCliConfig {
  readonly config: RuntimeConfig<typeof cliPlugins>;
  readonly file: { readonly name: string; readonly raw: unknown } | undefined;
}

/**
 * Loads `--config` (must exist) or `cortex.config.json` in the working directory (optional), then
 * the `CORTEX_*` variables, validated by each plugin's schema.
 */
export function loadCliConfig(io: CliIo, configFlag: string | undefined): LoadedCliConfig {
  const path = resolve(io.cwd, configFlag ?? defaultConfigFile);
  const file = configFlag !== undefined || existsSync(path) ? path : undefined;
  const config = loadRuntimeConfig({ env: io.env, ...(file === undefined ? {} : { file }), plugins: cliPlugins });
  // loadRuntimeConfig has parsed the file already; read again only to know which keys it names.
  return { config, file: file === undefined ? undefined : { name: file, raw: JSON.parse(readFileSync(file, 'utf8')) } };
}
