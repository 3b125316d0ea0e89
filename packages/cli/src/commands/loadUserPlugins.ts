import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from '@cortex-os/kernel';
import type { UserPluginEntry } from '../config/userPluginsOptions.js';
import { CliError } from '../errors/CliError.js';

/** A factory made by `definePlugin`: callable, with the name of the plugins it makes. */
function isPluginFactory(value: unknown): value is ((options?: unknown) => Plugin) & { pluginName: string } {
  return typeof value === 'function' && typeof (value as { pluginName?: unknown }).pluginName === 'string';
}

/** Where `module` lives: paths from `base`, package names as Node resolves them from `base`. */
function locate(module: string, base: string): string {
  if (module.startsWith('file:')) return module;
  if (module.startsWith('.') || isAbsolute(module)) return pathToFileURL(resolve(base, module)).href;
  return pathToFileURL(createRequire(join(base, 'cortex.config.json')).resolve(module)).href;
}

/**
 * Imports each user plugin module named under `plugins` and calls its factory with the entry's
 * options (validated by the plugin's own schema when the kernel assembles).
 * @throws {@link CliError} `CLI_PLUGIN_UNLOADABLE` naming the module and why.
 */
export async function loadUserPlugins(entries: readonly UserPluginEntry[], configFile: string | undefined, cwd: string): Promise<Plugin[]> {
  const base = configFile === undefined ? cwd : dirname(configFile);
  const plugins: Plugin[] = [];
  for (const entry of entries) {
    const fail = (reason: string, cause?: unknown): CliError =>
      new CliError('CLI_PLUGIN_UNLOADABLE', `Plugin module ${entry.module} cannot be used: ${reason}`, {
        details: { module: entry.module, export: entry.export },
        ...(cause === undefined ? {} : { cause }),
      });
    let exports: Record<string, unknown>;
    try {
      exports = (await import(locate(entry.module, base))) as Record<string, unknown>;
    } catch (error) {
      // Node's message names what was missing (a file, a package, a syntax error); never a stack.
      throw fail(`import failed (${(error as Error).message.split('\n')[0]}).`, error);
    }
    const factory = exports[entry.export];
    if (!isPluginFactory(factory)) {
      const found = Object.keys(exports).filter((name) => isPluginFactory(exports[name]));
      const hint = found.length === 0 ? 'it exports no plugin factory' : `its plugin factories: ${found.join(', ')}`;
      throw fail(`export "${entry.export}" is not a plugin factory made by definePlugin (${hint}).`);
    }
    plugins.push(entry.options === undefined ? factory() : factory(entry.options));
  }
  return plugins;
}
