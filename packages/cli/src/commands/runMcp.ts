import { createKernel, createLogger } from '@cortex-os/kernel';
import { mcpServiceToken } from '@cortex-os/plugin-mcp';
import { startRuntime } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import type { CliProgress } from '../CliProgress.js';
import type { RunCliOptions } from '../runCli.js';
import { assembleCliPlugins } from './assembleCliPlugins.js';
import { cliEventTransport } from './cliEventTransport.js';
import { loadCliConfig } from './loadCliConfig.js';
import { startingNote } from './startingNote.js';

/**
 * Runs the configured runtime as an MCP server over stdin/stdout for a desktop client: no HTTP
 * server, nothing but the protocol on stdout (logs go to stderr). Resolves once the client
 * disconnected (stdin closed) or a signal stopped the runtime, with whether it stopped cleanly.
 */
export async function runMcp(io: CliIo, configFlag: string | undefined, options: RunCliOptions, progress: CliProgress): Promise<boolean> {
  const { loaded, plugins } = await progress.step('loading the configuration', async () => {
    const loaded = await loadCliConfig(io, configFlag, 'mcp');
    return { loaded, plugins: await assembleCliPlugins(loaded, 'mcp', io.cwd) };
  });
  const logger = createLogger({ level: io.env['CORTEX_LOG_LEVEL'] ?? 'info' });
  const events = await cliEventTransport(loaded, logger);
  if (events !== undefined) plugins.push(events.plugin);
  // Starting may be long on a first run (migrations, index rebuilds, word-vector conversion).
  const runtime = await progress.step(`starting ${plugins.length} plugins`, (note) =>
    startRuntime(
      createKernel({
        plugins,
        logger,
        onStartProgress: startingNote(note),
        ...(events === undefined ? {} : { eventTransport: events.transport }),
      }),
      options.signals === undefined ? {} : { signals: options.signals },
    ),
  );
  io.err(`cortex mcp: serving ${plugins.map((plugin) => plugin.name).join(', ')} over stdio; home ${loaded.home.dir}`);
  options.onStarted?.(runtime);
  const closed = runtime.kernel.get(mcpServiceToken).stdioClosed;
  const report = await Promise.race([runtime.stopped, closed.then(() => runtime.stop())]);
  return report.ok;
}
