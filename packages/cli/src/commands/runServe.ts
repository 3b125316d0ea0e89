import { createKernel, createLogger } from '@cortex-os/kernel';
import { startRuntime } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import type { CliProgress } from '../CliProgress.js';
import type { RunCliOptions } from '../runCli.js';
import { assembleCliPlugins } from './assembleCliPlugins.js';
import { cliEventTransport } from './cliEventTransport.js';
import { loadCliConfig } from './loadCliConfig.js';
import { startingNote } from './startingNote.js';

/** The providers that generate text; without one, agents have no model to run on. */
const generators = ['ollama', 'openai', 'mlx'] as const;

/**
 * Starts the runtime the configuration describes (HTTP, health, memory, router with the local
 * embedders, MCP on the same server, and each opt-in plugin it names), prints
 * `listening <url>`, and resolves once the runtime stopped (SIGTERM/SIGINT by default) with
 * whether it stopped cleanly.
 */
export async function runServe(io: CliIo, configFlag: string | undefined, options: RunCliOptions, progress: CliProgress): Promise<boolean> {
  const { loaded, plugins } = await progress.step('loading the configuration', async () => {
    const loaded = await loadCliConfig(io, configFlag, 'serve');
    return { loaded, plugins: await assembleCliPlugins(loaded, 'serve', io.cwd) };
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
  io.err(`home ${loaded.home.dir}`);
  io.err(`plugins ${plugins.map((plugin) => plugin.name).join(', ')}`);
  if (!generators.some((slot) => loaded.enabled.has(slot))) {
    io.err(
      'no generating model is configured (name ollama, openai or mlx in the configuration): embeddings come from the local embedders.',
    );
  }
  const url = runtime.address?.url;
  io.out(`listening ${url ?? '(no HTTP listener)'}`);
  if (url !== undefined && loaded.config.mcp.http !== false) io.out(`mcp ${url}${loaded.config.mcp.http.path}`);
  options.onStarted?.(runtime);
  return (await runtime.stopped).ok;
}
