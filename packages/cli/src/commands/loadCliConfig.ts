import { existsSync, readFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveRuntimeHome, type RuntimeHome } from '@cortex-os/kernel';
import { loadRuntimeConfig, type RuntimeConfig } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import { CliError } from '../errors/CliError.js';
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
    // Its own file, beside (not inside) the memory folder, which has one owner.
    tasks: { file: join(home, 'tasks', 'tasks.sqlite') },
    mcp: mode === 'serve' ? { http: {} } : { stdio: true },
  };
}

/** Files `cortex` looks for in the working directory when no file is named, in this order. */
const defaultFiles = [defaultConfigFile, 'cortex.config.mjs', 'cortex.config.js', 'cortex.config.ts'];

/**
 * A configuration module's values: its default export, or what the default export (a function,
 * possibly async) returns.
 * @throws {@link CliError} `CLI_CONFIG_MODULE_INVALID` naming the file and why.
 */
async function importConfigModule(file: string): Promise<{ name: string; values: unknown }> {
  const fail = (reason: string, cause?: unknown): CliError =>
    new CliError('CLI_CONFIG_MODULE_INVALID', `Configuration module ${file} cannot be used: ${reason}`, {
      details: { file },
      ...(cause === undefined ? {} : { cause }),
    });
  let exported: unknown;
  try {
    exported = ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
    if (typeof exported === 'function') exported = await (exported as () => unknown)();
  } catch (error) {
    throw fail(`${(error as Error).message.split('\n')[0]}.`, error);
  }
  if (typeof exported !== 'object' || exported === null || Array.isArray(exported)) {
    throw fail('its default export is not an object keyed by plugin name (`export default { http: { port: 8080 } }`).');
  }
  return { name: file, values: exported };
}

/**
 * Loads `--config` (must exist; else `CORTEX_CONFIG`) or the first of `cortex.config.json`,
 * `.mjs`, `.js`, `.ts` in the working directory (optional), then the `CORTEX_*` variables,
 * validated by each plugin's schema. JSON files are read by the runtime's loader; modules are
 * imported here and their default export handed to it.
 */
export async function loadCliConfig(io: CliIo, configFlag: string | undefined, mode: CliMode = 'serve'): Promise<LoadedCliConfig> {
  const named = configFlag ?? io.env['CORTEX_CONFIG'];
  const file =
    named !== undefined ? resolve(io.cwd, named) : defaultFiles.map((name) => resolve(io.cwd, name)).find((path) => existsSync(path));
  const home = resolveRuntimeHome({ env: io.env });
  const source = file === undefined || extname(file) === '.json' ? file : await importConfigModule(file);
  const config = loadRuntimeConfig({
    env: io.env,
    ...(source === undefined ? {} : { file: source }),
    plugins: cliPlugins,
    defaults: cliDefaults(home.dir, mode),
    variables: cliVariables,
  });
  // loadRuntimeConfig has parsed a JSON file already; read again only to know which keys it names.
  const raw: unknown = typeof source === 'string' ? JSON.parse(readFileSync(source, 'utf8')) : source?.values;
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
