import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIo } from '../CliIo.js';
import { defaultConfigFile } from '../config/cliPlugins.js';
import { CliError } from '../errors/CliError.js';

/** What `cortex init` writes: loopback only, the documented default port. */
const starterConfig = { http: { host: '127.0.0.1', port: 8080 }, health: {} };

/** Writes a starter configuration file; refuses to overwrite one without `--force`. */
export function runInit(io: CliIo, configFlag: string | undefined, force: boolean): void {
  const file = resolve(io.cwd, configFlag ?? defaultConfigFile);
  if (existsSync(file) && !force)
    throw new CliError('CLI_CONFIG_EXISTS', `Configuration file ${file} already exists.`, { details: { file } });
  writeFileSync(file, `${JSON.stringify(starterConfig, null, 2)}\n`);
  io.out(`wrote ${file}`);
  io.out('next: cortex doctor, then cortex serve');
}
