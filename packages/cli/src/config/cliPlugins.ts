import { healthPluginOptions } from '@cortex-os/plugin-health';
import { httpPluginOptions } from '@cortex-os/plugin-http';

/** The plugins `cortex serve` assembles, by configuration slot, with their options schemas. */
export const cliPlugins = { http: httpPluginOptions, health: healthPluginOptions } as const;

/** The file `cortex` reads when `--config` is not given, in the working directory. */
export const defaultConfigFile = 'cortex.config.json';
