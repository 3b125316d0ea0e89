/**
 * A promise with its `resolve` and `reject` functions, from {@link deferred}.
 * @public
 */
export interface Deferred<T> {
  /** Settles when `resolve` or `reject` is called; the first call wins. */
  readonly promise: Promise<T>;
  /** Fulfils `promise` with `value`. */
  readonly resolve: (value: T | PromiseLike<T>) => void;
  /** Rejects `promise` with `reason`. */
  readonly reject: (reason?: unknown) => void;
}

/**
 * Creates a {@link Deferred}: a promise the test settles on cue, to hold work at a known point
 * (a hanging provider, a slow subscriber) and release it, instead of sleeping.
 *
 * @example
 * ```ts
 * const gate = deferred();
 * bus.subscribe('notes.*', async () => {
 *   await gate.promise;             // every delivery waits here…
 * });
 * bus.publish(noteAdded, { id: 'n1' });
 * gate.resolve();                   // …until the test lets it go
 * ```
 * @public
 */
export function deferred<T = void>(): Deferred<T> {
  // Promise.withResolvers is ES2024; the packages target ES2023.
  let resolve!: Deferred<T>['resolve'];
  let reject!: Deferred<T>['reject'];
  const promise = new Promise<T>((onFulfilled, onRejected) => {
    resolve = onFulfilled;
    reject = onRejected;
  });
  return { promise, resolve, reject };
}
