import { createKernel, createLogger, type Plugin } from '@cortex-os/kernel';
import { httpPlugin, startHttpRuntime, type HttpRuntime } from '@cortex-os/plugin-http';

/** A started runtime on 127.0.0.1:0 with the given plugins after `http`; disposed with `await using`. */
export async function startTestRuntime(
  plugins: readonly Plugin[],
  httpOptions: Parameters<typeof httpPlugin>[0] = {},
): Promise<HttpRuntime & { url: (path: string) => string }> {
  const kernel = createKernel({
    plugins: [httpPlugin({ port: 0, metrics: { defaultMetrics: false }, ...httpOptions }), ...plugins],
    logger: createLogger({ level: 'silent' }),
  });
  const runtime = await startHttpRuntime(kernel, { signals: false });
  return Object.assign(runtime, { url: (path: string) => new URL(path, runtime.address.url).toString() });
}
