import type { CliIo } from '../CliIo.js';
import { describeConfig } from '../config/describeConfig.js';
import { loadCliConfig } from './loadCliConfig.js';

/**
 * Prints the home, the plugins `serve` would run, and every effective value of those plugins as
 * `path = value  (source)`, secrets masked.
 */
export async function runConfig(io: CliIo, configFlag: string | undefined): Promise<void> {
  const { config, file, home, enabled } = await loadCliConfig(io, configFlag);
  io.out(`home = ${JSON.stringify(home.dir)}  (${home.source === 'CORTEX_HOME' ? 'env CORTEX_HOME' : 'platform data folder'})`);
  io.out(`plugins = ${JSON.stringify([...enabled])}  (defaults, plus each opt-in plugin the configuration names)`);
  const shown = Object.fromEntries(
    Object.entries(config).filter(([slot]) => enabled.has(slot as never) || (slot === 'plugins' && config.plugins.length > 0)),
  );
  for (const entry of describeConfig(shown, { env: io.env, ...(file === undefined ? {} : { file }) })) {
    io.out(`${entry.path} = ${JSON.stringify(entry.value)}  (${entry.source})`);
  }
}
