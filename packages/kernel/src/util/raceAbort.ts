/**
 * Settles with `work`, or rejects with `onAbort(signal)` as soon as `signal` aborts — whichever
 * comes first. The listener is removed either way, so long-lived signals do not collect them.
 * @internal
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal, onAbort: (signal: AbortSignal) => unknown): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort(signal));
    signal.addEventListener('abort', abort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
