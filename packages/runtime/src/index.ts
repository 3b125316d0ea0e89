/**
 * Runs a Cortex-OS kernel as a process: `loadRuntimeConfig` reads each plugin's options from a
 * JSON file and the environment and validates them with the plugin's own schema; `startRuntime`
 * starts the kernel, makes sure HTTP listens, and drains and stops it on SIGTERM/SIGINT with
 * the right exit code. The kernel itself reads no files, no environment and no signals.
 *
 * @packageDocumentation
 */
export { loadRuntimeConfig, type LoadRuntimeConfigOptions, type RuntimeConfig } from './config/loadRuntimeConfig.js';
export { startRuntime, type StartRuntimeOptions, type Runtime } from './start/startRuntime.js';
export { RuntimeError } from './errors/RuntimeError.js';
export { runtimeErrorCatalogue, type RuntimeErrorCode } from './errors/runtimeErrorCatalogue.js';
