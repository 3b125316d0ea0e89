import { createKernel } from '@cortex-os/kernel';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin } from '@cortex-os/plugin-http';
import { resolveRuntimeHome, type StartRuntimeOptions, startRuntime } from '@cortex-os/runtime';
import type { CliIo } from '../CliIo.js';
import { loadCliConfig } from './loadCliConfig.js';

/**
 * Starts HTTP and health from the configuration, prints `listening <url>`, and resolves once the
 * runtime stopped (SIGTERM/SIGINT by default) with whether it stopped cleanly.
 */
export async function runServe(io: CliIo, configFlag: string | undefined, signals?: StartRuntimeOptions['signals']): Promise<boolean> {
  const { config } = loadCliConfig(io, configFlag);
  const home = resolveRuntimeHome({ env: io.env });
  const kernel = createKernel({ plugins: [httpPlugin(config.http), healthPlugin(config.health)] });
  const runtime = await startRuntime(kernel, signals === undefined ? {} : { signals });
  io.err(`home ${home.dir}`);
  io.err('no generating model is configured: this runtime serves HTTP and health only.');
  io.out(`listening ${runtime.address?.url ?? '(no HTTP listener)'}`);
  return (await runtime.stopped).ok;
}
