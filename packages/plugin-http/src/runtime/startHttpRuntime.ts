import type { Kernel, KernelStopReport } from '@cortex-os/kernel';
import { z } from 'zod';
import { describeKernel } from '../describe/describeKernel.js';
import { httpServiceToken, type HttpServerAddress, type HttpService } from '../server/HttpService.js';

/**
 * Options of {@link startHttpRuntime}.
 * @public
 */
export interface StartHttpRuntimeOptions {
  /** Signals that drain and stop the runtime; default `['SIGTERM', 'SIGINT']`; `false` installs none. */
  readonly signals?: readonly NodeJS.Signals[] | false;
  /** Serve `GET /describe` (JSON, or Mermaid with `?format=mermaid`); default true. */
  readonly describe?: boolean;
}

/**
 * A started runtime serving HTTP.
 * @public
 */
export interface HttpRuntime extends AsyncDisposable {
  readonly kernel: Kernel;
  readonly http: HttpService;
  readonly address: HttpServerAddress;
  /** Drains HTTP first (readiness 503, in-flight requests complete), then stops the kernel. Idempotent. */
  stop(): Promise<KernelStopReport>;
}

const describeQuery = z.object({ format: z.enum(['json', 'mermaid']).default('json') });

/**
 * Starts the kernel, mounts `/describe`, then listens — so the server only answers once every
 * plugin has started — and on SIGTERM/SIGINT drains HTTP before the plugins drain and stop
 * (exit code 0 on a clean stop, 1 otherwise; a second signal exits at once with 130).
 * @throws {@link HttpError} `HTTP_AUTH_REQUIRED` or `HTTP_LISTEN_FAILED` (the kernel is stopped again), or the kernel's start error.
 * @public
 */
export async function startHttpRuntime(kernel: Kernel, options: StartHttpRuntimeOptions = {}): Promise<HttpRuntime> {
  await kernel.start();
  const http = kernel.get(httpServiceToken);
  if (options.describe !== false) {
    http.route({
      method: 'GET',
      path: '/describe',
      query: describeQuery,
      description: 'The plugin graph: plugins, contracts, events, tools and routes (JSON, or ?format=mermaid).',
      handler: ({ query }) => {
        const description = describeKernel(kernel, http.routes());
        return query.format === 'mermaid' ? { status: 200, headers: { 'content-type': 'text/vnd.mermaid; charset=utf-8' }, body: description.mermaid } : description;
      },
    });
  }
  let address: HttpServerAddress;
  try {
    address = await http.listen();
  } catch (error) {
    await kernel.stop();
    throw error;
  }
  let stopping: Promise<KernelStopReport> | undefined;
  const signals = options.signals === false ? [] : (options.signals ?? ['SIGTERM', 'SIGINT']);
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      kernel.logger.warn({ signal }, 'second signal while draining: exiting now');
      process.exit(130);
    }
    received = true;
    kernel.logger.info({ signal }, 'signal received: draining');
    void stop().then((report) => {
      process.exitCode = report.ok ? 0 : 1;
    });
  };
  const stop = (): Promise<KernelStopReport> => {
    stopping ??= (async () => {
      await http.shutdown();
      const report = await kernel.stop();
      for (const signal of signals) process.off(signal, onSignal);
      return report;
    })();
    return stopping;
  };
  for (const signal of signals) process.on(signal, onSignal);
  return {
    kernel,
    http,
    address,
    stop,
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
}
