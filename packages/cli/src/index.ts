/**
 * The `cortex` command: `init` writes a configuration file, `serve` runs a Cortex-OS runtime from
 * it, `doctor` checks the machine, `config` prints the effective configuration with each value's
 * source. `runCli` runs a command line in-process, as the binary does.
 *
 * @packageDocumentation
 */
export { runCli, type RunCliOptions } from './runCli.js';
export type { CliIo } from './CliIo.js';
export { cliExitCodes } from './cliExitCodes.js';
export { cliVersion } from './cliVersion.js';
export { type CliProgress, type CliProgressOptions, createCliProgress } from './CliProgress.js';
export { parseCliArgs, cliCommands, cliMcpClients, type CliArgs } from './parseCliArgs.js';
export { describeConfig, type ConfigEntry } from './config/describeConfig.js';
export { CliError } from './errors/CliError.js';
export { cliErrorCatalogue, type CliErrorCode } from './errors/cliErrorCatalogue.js';
