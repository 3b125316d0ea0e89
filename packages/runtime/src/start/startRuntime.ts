import { httpServiceToken, type HttpServerAddress, type HttpService } from '@cortex-os/http-api';
import type { Kernel, KernelStopReport } from '@cortex-os/kernel';
import { StopSignals } from './StopSignals.js';

/**
 * Options of {@link startRuntime}.
 * @public
 */
export interface StartRuntimeOptions {
  /**
   * Signals that drain and stop the runtime. `false` installs none: for tests, and for hosts
   * that own the process's signals themselves.
   * @defaultValue `['SIGTERM', 'SIGINT']`
   */
  readonly signals?: readonly NodeJS.Signals[] | false;
}

/**
 * A started runtime.
 * @public
 */
export interface Runtime extends AsyncDisposable {
  /** The started kernel. */
  readonly kernel: Kernel;
  /** The runtime's HTTP service, when a plugin provides `http.service` (`@cortex-os/plugin-http`). */
  readonly http: HttpService | undefined;
  /** Where the HTTP service listens; undefined without one. */
  readonly address: HttpServerAddress | undefined;
  /**
   * Drains and stops: the HTTP service stops taking traffic first (readiness 503, in-flight
   * requests complete), then the plugins drain and stop in reverse dependency order. Idempotent;
   * removes the signal handlers once stopped.
   */
  stop(): Promise<KernelStopReport>;
  /** Settles with the stop report once the runtime has stopped, by a signal or by {@link Runtime.stop}. */
  readonly stopped: Promise<KernelStopReport>;
}

/**
 * Starts a kernel as the process's runtime: starts every plugin, makes sure the HTTP service
 * (when there is one) listens, and drains and stops on SIGTERM/SIGINT — exit code 0 after a
 * clean stop, 1 otherwise; a second signal while draining exits at once with 130.
 *
 * @remarks
 * The only signal handling in Cortex-OS: plugins and the kernel never touch process signals.
 * The drain order is the kernel's: the HTTP service stops taking traffic in the kernel's
 * `onStopping` moment, before any plugin's `drain`; then `drain` and `stop` run in reverse
 * dependency order.
 * @throws The kernel's `KERNEL_START_FAILED` (plugins that started are stopped again), or the HTTP
 * service's `HTTP_AUTH_REQUIRED` / `HTTP_LISTEN_FAILED` after the kernel was stopped again.
 * @example
 * ```ts
 * const config = loadRuntimeConfig({ env: process.env, file: 'cortex.json', plugins: { http: httpPluginOptions } });
 * const runtime = await startRuntime(createKernel({ plugins: [httpPlugin(config.http), healthPlugin()] }));
 * console.log(`listening on ${runtime.address?.url}`);
 * ```
 * @public
 */
export async function startRuntime(kernel: Kernel, options: StartRuntimeOptions = {}): Promise<Runtime> {
  await kernel.start();
  const http = providesHttp(kernel) ? kernel.get(httpServiceToken) : undefined;
  let address: HttpServerAddress | undefined;
  try {
    // Idempotent: with the http plugin's default `listen: 'on-start'` it already listens.
    address = await http?.listen();
  } catch (error) {
    await kernel.stop();
    throw error;
  }
  const signals = new StopSignals(
    options.signals === false ? [] : (options.signals ?? ['SIGTERM', 'SIGINT']),
    () => void stop(),
    kernel.logger,
  );
  let stopping: Promise<KernelStopReport> | undefined;
  let settle: (report: KernelStopReport) => void = () => undefined;
  const stopped = new Promise<KernelStopReport>((resolve) => {
    settle = resolve;
  });
  const stop = (): Promise<KernelStopReport> => {
    stopping ??= kernel.stop().then((report) => {
      signals.remove();
      // Stopped by a signal: the process ends by itself once everything is closed, with this code.
      if (signals.received) process.exitCode = report.ok ? 0 : 1;
      settle(report);
      return report;
    });
    return stopping;
  };
  signals.install();
  return {
    kernel,
    http,
    address,
    stop,
    stopped,
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
}

function providesHttp(kernel: Kernel): boolean {
  return kernel.describe().plugins.some((plugin) => plugin.provides.includes(httpServiceToken.id));
}
