import type { Kernel } from './Kernel.js';

/**
 * Options of {@link stopOnSignals}.
 * @public
 */
export interface StopOnSignalsOptions {
  /**
   * The signals that stop the kernel.
   * @defaultValue `['SIGTERM', 'SIGINT']`
   */
  readonly signals?: readonly NodeJS.Signals[];
}

/**
 * Stops the kernel on the first SIGTERM/SIGINT and sets `process.exitCode` (0 on a clean stop,
 * 1 otherwise) so the process exits by itself once everything is closed. A second signal exits at once.
 * Returns a function that removes the handlers.
 * @public
 */
export function stopOnSignals(kernel: Kernel, options: StopOnSignalsOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let received = false;
  const handler = (signal: NodeJS.Signals): void => {
    if (received) {
      kernel.logger.warn({ signal }, 'second signal while stopping: exiting now');
      process.exit(130);
    }
    received = true;
    kernel.logger.info({ signal }, 'signal received: stopping the kernel');
    void kernel.stop().then((report) => {
      process.exitCode = report.ok ? 0 : 1;
    });
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
