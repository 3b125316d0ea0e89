import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { agentsPlugin } from '@cortex-os/plugin-agents';
import { cerebrumPlugin } from '@cortex-os/plugin-cerebrum';
import { energyPlugin } from '@cortex-os/plugin-energy';
import { defaultEventLogFile, eventsPlugin } from '@cortex-os/plugin-events';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { mlxPlugin } from '@cortex-os/plugin-mlx';
import { ollamaPlugin } from '@cortex-os/plugin-ollama';
import { openAiPlugin } from '@cortex-os/plugin-openai';
import { tasksPlugin } from '@cortex-os/plugin-tasks';
import { toolkitPlugin } from '@cortex-os/plugin-toolkit';
import type { CliPluginSlot } from '../config/cliPlugins.js';
import type { CliMode, LoadedCliConfig } from './loadCliConfig.js';
import { loadUserPlugins } from './loadUserPlugins.js';

type Config = LoadedCliConfig['config'];

/** SQLite creates a file, not its folder: a fresh home has no tasks/ yet. */
function makeFolderOf(file: string): void {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
}

/** Each slot's plugin from its validated options; `serve` and `mcp` differ only in transports. */
const factories: { readonly [K in CliPluginSlot]: (config: Config, mode: CliMode, home: string) => Plugin } = {
  http: (config) => httpPlugin(config.http),
  health: (config) => healthPlugin(config.health),
  memory: (config) => memoryPlugin(config.memory),
  router: (config) => routerPlugin(config.router),
  'local-embedders': (config) => localEmbeddersPlugin(config['local-embedders']),
  // stdout belongs to the protocol under `cortex mcp`, and to the `listening` line under `serve`.
  mcp: (config, mode) =>
    mcpPlugin({ ...config.mcp, stdio: mode === 'mcp', ...(mode === 'mcp' ? { http: false as const } : {}) } as Parameters<
      typeof mcpPlugin
    >[0]),
  ollama: (config) => ollamaPlugin(config.ollama),
  openai: (config) => openAiPlugin(config.openai),
  mlx: (config) => mlxPlugin(config.mlx),
  agents: (config) => agentsPlugin(config.agents),
  tasks: (config) => {
    makeFolderOf(config.tasks.file);
    return tasksPlugin(config.tasks as Parameters<typeof tasksPlugin>[0]);
  },
  // The plugin makes the file's folder; its default file is under the CLI's home, which may differ from process.env's.
  // `redis` is the bus's transport (see cliEventTransport), not an option of the plugin.
  events: (config, _mode, home) => {
    const { file, postgres, redis: _transport, ...rest } = config.events;
    return eventsPlugin({
      ...(rest as Parameters<typeof eventsPlugin>[0]),
      ...(postgres === undefined ? {} : { postgres }),
      ...(file === undefined ? {} : { file }),
      ...(file === undefined && postgres === undefined ? { file: defaultEventLogFile(home) } : {}),
    } as Parameters<typeof eventsPlugin>[0]);
  },
  cerebrum: (config) => cerebrumPlugin(config.cerebrum),
  energy: (config) => energyPlugin(config.energy),
  toolkit: (config) => toolkitPlugin(config.toolkit),
};

/**
 * The plugins of the runtime `cortex serve` / `cortex mcp` runs, from the loaded configuration:
 * every enabled slot, in the order of {@link factories} (the kernel orders them by dependencies),
 * then the user's own plugins by module.
 * @throws CliError `CLI_PLUGIN_UNLOADABLE` for a user plugin module that cannot be used.
 */
export async function assembleCliPlugins(loaded: LoadedCliConfig, mode: CliMode, cwd: string): Promise<Plugin[]> {
  const firstParty = (Object.keys(factories) as CliPluginSlot[])
    .filter((slot) => loaded.enabled.has(slot))
    .map((slot) => factories[slot](loaded.config, mode, loaded.home.dir));
  return [...firstParty, ...(await loadUserPlugins(loaded.config.plugins, loaded.file?.name, cwd))];
}
