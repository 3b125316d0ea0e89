import { resolveRuntimeHome } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import { describeConfig } from '../config/describeConfig.js';
import { loadCliConfig } from './loadCliConfig.js';

/** Prints the effective configuration, one `path = value  (source)` line each, secrets masked. */
export function runConfig(io: CliIo, configFlag: string | undefined): void {
  const { config, file } = loadCliConfig(io, configFlag);
  const home = resolveRuntimeHome({ env: io.env });
  io.out(`home = ${JSON.stringify(home.dir)}  (${home.source === 'CORTEX_HOME' ? 'env CORTEX_HOME' : 'platform data folder'})`);
  for (const entry of describeConfig(config, { env: io.env, ...(file === undefined ? {} : { file }) })) {
    io.out(`${entry.path} = ${JSON.stringify(entry.value)}  (${entry.source})`);
  }
}
