import { createKernel, createLogger, type Plugin } from '@cortex-os/kernel';
import { httpPlugin } from '@cortex-os/plugin-http';
import { startRuntime, type Runtime } from '@cortex-os/runtime';

/** A started runtime on 127.0.0.1:0 with the given plugins after `http`; disposed with `await using`. */
export async function startTestRuntime(
  plugins: readonly Plugin[],
  httpOptions: Parameters<typeof httpPlugin>[0] = {},
): Promise<Runtime & { url: (path: string) => string }> {
  const kernel = createKernel({
    plugins: [httpPlugin({ port: 0, metrics: { defaultMetrics: false }, ...httpOptions }), ...plugins],
    logger: createLogger({ level: 'silent' }),
  });
  const runtime = await startRuntime(kernel, { signals: false });
  const base = runtime.address?.url ?? '';
  return Object.assign(runtime, { url: (path: string) => new URL(path, base).toString() });
}
