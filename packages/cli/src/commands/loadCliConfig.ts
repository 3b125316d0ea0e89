import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadRuntimeConfig, type RuntimeConfig, resolveRuntimeHome, type RuntimeHome } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import { type CliPluginSlot, cliPlugins, cliVariables, defaultConfigFile, optInPlugins } from '../config/cliPlugins.js';

/** How the runtime is reached: `serve` over HTTP (MCP on the same server), `mcp` over stdio only. */
export type CliMode = 'serve' | 'mcp';

/** The effective configuration, the file it came from (when any), the home and the plugins to run. */
export interface LoadedCliConfig {
  readonly config: RuntimeConfig<typeof cliPlugins>;
  readonly file: { readonly name: string; readonly raw: unknown } | undefined;
  readonly home: RuntimeHome;
  /** Slots that run: every default slot, and each opt-in slot the file or a variable names (no http or health under `mcp`). */
  readonly enabled: ReadonlySet<CliPluginSlot>;
}

/** Slots that need the HTTP server: left out under `cortex mcp`, whose clients speak over stdio. */
const httpOnly: ReadonlySet<CliPluginSlot> = new Set(['http', 'health']);

/** The CLI's own defaults, under the file: data under the runtime home, MCP on the runtime's HTTP server. */
function cliDefaults(home: string, mode: CliMode) {
  return {
    memory: { dataDir: join(home, 'memory') },
    mcp: mode === 'serve' ? { http: {} } : { stdio: true },
  };
}

/**
 * Loads `--config` (must exist; else `CORTEX_CONFIG`) or `cortex.config.json` in the working
 * directory (optional), then the `CORTEX_*` variables, validated by each plugin's schema.
 */
export function loadCliConfig(io: CliIo, configFlag: string | undefined, mode: CliMode = 'serve'): LoadedCliConfig {
  const named = configFlag ?? io.env['CORTEX_CONFIG'];
  const path = resolve(io.cwd, named ?? defaultConfigFile);
  const file = named !== undefined || existsSync(path) ? path : undefined;
  const home = resolveRuntimeHome({ env: io.env });
  const config = loadRuntimeConfig({
    env: io.env,
    ...(file === undefined ? {} : { file }),
    plugins: cliPlugins,
    defaults: cliDefaults(home.dir, mode),
    variables: cliVariables,
  });
  // loadRuntimeConfig has parsed the file already; read again only to know which keys it names.
  const raw: unknown = file === undefined ? undefined : JSON.parse(readFileSync(file, 'utf8'));
  const enabled = new Set<CliPluginSlot>();
  for (const slot of Object.keys(cliPlugins).filter((key) => key !== 'plugins') as CliPluginSlot[]) {
    if (mode === 'mcp' && httpOnly.has(slot)) continue;
    if (!optInPlugins.has(slot) || namedInFile(raw, slot) || namedByVariable(io.env, slot)) enabled.add(slot);
  }
  return { config, file: file === undefined ? undefined : { name: file, raw }, home, enabled };
}

function namedInFile(raw: unknown, slot: string): boolean {
  return typeof raw === 'object' && raw !== null && slot in raw;
}

function namedByVariable(env: CliIo['env'], slot: string): boolean {
  const start = `CORTEX_${slot.toUpperCase().replace(/-/g, '_')}_`;
  return Object.entries(env).some(([name, value]) => value !== undefined && name.startsWith(start));
}
