import { CortexError } from '@cortex-os/kernel';
import type { Runtime, StartRuntimeOptions } from '@cortex-os/runtime';
import type { CliIo } from './CliIo.js';
import { cliExitCodes } from './cliExitCodes.js';
import { cliVersion } from './cliVersion.js';
import { createCliProgress } from './CliProgress.js';
import { cliHint } from './errors/cliHints.js';
import { printClientConfig } from './commands/printClientConfig.js';
import { printResolvedConfig } from './commands/printResolvedConfig.js';
import { runConfig } from './commands/runConfig.js';
import { runDoctor } from './commands/runDoctor.js';
import { runInit } from './commands/runInit.js';
import { runMcp } from './commands/runMcp.js';
import { runServe } from './commands/runServe.js';
import { scaffoldProject } from './commands/scaffoldProject.js';
import { parseCliArgs } from './parseCliArgs.js';

const helpText = `Usage: cortex <command> [dir] [--config <file>]

Commands:
  init      write a starter cortex.config.json (--force overwrites)
  init <dir>  write a new project there: a plugin with a tool, its test, a config loading it
  serve     run the configured runtime over HTTP (REST, health, MCP at /mcp) until SIGTERM/SIGINT
  mcp       run the configured runtime as an MCP server over stdio (for desktop clients)
            --print-client-config --client claude|cursor|vscode: that client's entry, absolute paths
  (serve and mcp take --print-config: the resolved configuration, secrets redacted, without starting)
  (init, serve and mcp show progress on a terminal; --quiet, -q: none)
  doctor    check Node, the configuration, the home folder, native modules, the HTTP port, providers
  config    print the effective configuration with each value's source (secrets redacted)
  help      this text (also --help, -h)
  version   the CLI's version (also --version, -v)

Configuration: --config <file> (default ./cortex.config.json when it exists), then CORTEX_*
variables (CORTEX_HTTP_PORT=8080). Data folder: CORTEX_HOME, else the platform data folder.
Exit codes: 0 ok, 1 failure, 2 usage, 3 configuration, 130 second signal while draining.`;

/** Error codes that mean the configuration, not the machine, is wrong. */
const configCodes = new Set([
  'RUNTIME_CONFIG_INVALID',
  'RUNTIME_CONFIG_FILE_UNREADABLE',
  'HOME_INVALID',
  'CLI_CONFIG_EXISTS',
  'CLI_PLUGIN_UNLOADABLE',
  'CLI_CONFIG_MODULE_INVALID',
  // Bad options or a missing dependency between the configured plugins.
  'KERNEL_ASSEMBLY_FAILED',
  // A value of `events.redis` out of the transport's range.
  'EVENTS_OPTIONS_INVALID',
]);

/**
 * Options of {@link runCli}: seams for hosts and tests that run `serve` or `mcp` in-process.
 * @public
 */
export interface RunCliOptions {
  /** Signals that drain and stop `serve`/`mcp`; `false` installs none (see `startRuntime`). */
  readonly signals?: StartRuntimeOptions['signals'];
  /** Called once `serve`/`mcp` started, with the runtime: `runtime.stop()` ends the command. */
  readonly onStarted?: (runtime: Runtime) => void;
}

/**
 * Runs one `cortex` command line and resolves with its exit code (see {@link cliExitCodes});
 * errors are printed as `cortex: CODE: message` on `io.err`, never as a stack.
 * @example
 * ```ts
 * import { runCli } from '@cortex-os/cli';
 *
 * const code = await runCli(['config'], {
 *   out: console.log,
 *   err: console.error,
 *   env: { CORTEX_HOME: '/tmp/cortex-home', CORTEX_HTTP_PORT: '9090' },
 *   cwd: process.cwd(),
 * });
 * console.log(code); // 0
 * ```
 * @public
 */
export async function runCli(argv: readonly string[], io: CliIo, options: RunCliOptions = {}): Promise<number> {
  let command: string | undefined;
  try {
    const args = parseCliArgs(argv);
    command = args.command;
    const progress = createCliProgress(io, { quiet: args.quiet });
    switch (args.command) {
      case 'help':
        io.out(helpText);
        return cliExitCodes.ok;
      case 'version':
        io.out(cliVersion);
        return cliExitCodes.ok;
      case 'init':
        if (args.dir === undefined) runInit(io, args.config, args.force);
        else await progress.step(`writing a project in ${args.dir}`, () => scaffoldProject(io, args.dir as string, args.force));
        return cliExitCodes.ok;
      case 'config':
        await runConfig(io, args.config);
        return cliExitCodes.ok;
      case 'doctor':
        return (await runDoctor(io, args.config)) ? cliExitCodes.ok : cliExitCodes.failure;
      case 'serve':
        if (args.printConfig) {
          await printResolvedConfig(io, args.config, 'serve');
          return cliExitCodes.ok;
        }
        return (await runServe(io, args.config, options, progress)) ? cliExitCodes.ok : cliExitCodes.failure;
      case 'mcp':
        if (args.printClientConfig !== undefined) {
          await printClientConfig(io, args.config, args.printClientConfig);
          return cliExitCodes.ok;
        }
        if (args.printConfig) {
          await printResolvedConfig(io, args.config, 'mcp');
          return cliExitCodes.ok;
        }
        return (await runMcp(io, args.config, options, progress)) ? cliExitCodes.ok : cliExitCodes.failure;
    }
  } catch (error) {
    if (!(error instanceof CortexError)) {
      io.err(`cortex: unexpected failure: ${(error as Error).message}`);
      return cliExitCodes.failure;
    }
    // A desktop client shows each stderr line on its own: under `mcp` the whole failure is one line.
    const message =
      command === 'mcp' ? error.message.replace(/:?\s*\n\s*(?:- )?/g, (m) => (m.startsWith(':') ? ': ' : '; ')) : error.message;
    io.err(`cortex: ${error.code}: ${message}${cliHint(error)}`);
    if (error.code === 'CLI_USAGE') return cliExitCodes.usage;
    return configCodes.has(error.code) ? cliExitCodes.config : cliExitCodes.failure;
  }
}
