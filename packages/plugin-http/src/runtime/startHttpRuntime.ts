import type { Kernel, KernelStopReport } from '@cortex-os/kernel';
import { httpServiceToken, type HttpServerAddress, type HttpService } from '../server/HttpService.js';

/**
 * Options of {@link startHttpRuntime}.
 * @public
 */
export interface StartHttpRuntimeOptions {
  /** Signals that drain and stop the runtime; default `['SIGTERM', 'SIGINT']`; `false` installs none. */
  readonly signals?: readonly NodeJS.Signals[] | false;
}

/**
 * A started runtime serving HTTP.
 * @public
 */
export interface HttpRuntime extends AsyncDisposable {
  /** The started kernel. */
  readonly kernel: Kernel;
  /** The runtime's HTTP service. */
  readonly http: HttpService;
  /** Where the server listens. */
  readonly address: HttpServerAddress;
  /** Drains HTTP first (readiness 503, in-flight requests complete), then stops the kernel. Idempotent. */
  stop(): Promise<KernelStopReport>;
}

/**
 * Starts the kernel — the http plugin mounts `/describe` and listens once every plugin has
 * started — and stops it on SIGTERM/SIGINT: HTTP stops taking traffic first (the kernel's
 * `onStopping` moment), then the plugins drain and stop (exit code 0 on a clean stop, 1
 * otherwise; a second signal exits at once with 130).
 * @throws The kernel's `KERNEL_START_FAILED`, e.g. wrapping {@link HttpError} `HTTP_AUTH_REQUIRED` or `HTTP_LISTEN_FAILED`.
 * @public
 */
export async function startHttpRuntime(kernel: Kernel, options: StartHttpRuntimeOptions = {}): Promise<HttpRuntime> {
  await kernel.start();
  const http = kernel.get(httpServiceToken);
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
      // The http plugin also stops taking traffic first, in the kernel's onStopping moment.
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
