import { AsyncLocalStorage } from 'node:async_hooks';
import { config } from 'rxjs';

type ErrorReporter = (error: unknown) => void;

const currentReporter = new AsyncLocalStorage<ErrorReporter>();
let installed = false;

/**
 * RxJS reports an error thrown inside an observer's `next` on a later timer and, unless the
 * host set `config.onUnhandledError`, rethrows it there — which would crash the process.
 * Deliveries to bus observables run inside `runReportingTo`, and AsyncLocalStorage follows
 * that timer, so the error reaches the bus that delivered the event instead. A host that set
 * its own handler keeps it.
 * @internal
 */
export function runReportingTo<T>(reporter: ErrorReporter, fn: () => T): T {
  installOnce();
  return currentReporter.run(reporter, fn);
}

function installOnce(): void {
  if (installed) return;
  installed = true;
  if (config.onUnhandledError !== null) return;
  config.onUnhandledError = (error: unknown) => {
    const reporter = currentReporter.getStore();
    if (reporter === undefined) throw error;
    reporter(error);
  };
}
