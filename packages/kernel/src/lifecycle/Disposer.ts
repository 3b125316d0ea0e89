/**
 * What every registration and listener in the kernel returns: call it, or hold it with
 * `using`, to undo what it did. Undoing twice does nothing.
 *
 * @remarks
 * Returned by `tools.register`, `tools.intercept`, `tools.onChange`, the resource and prompt
 * registries, `ExtensionPoint` change listeners, the plugin lifecycle's `onStarted`/`onStopping`, `ResiliencePolicy.onStateChange` and
 * `HttpService.onPhase`. Every undoable thing in the kernel is `Disposable`: event
 * subscriptions (`events.subscribe`, `EventStream.subscribe`) are too, as objects that also
 * carry their state (`pending`, `dropped`, `closed`) and the Observable convention's
 * `unsubscribe()`.
 * @example
 * ```ts
 * const unregister = kernel.tools.register(echo);
 * unregister(); // or: using _ = kernel.tools.register(echo);
 * ```
 * @public
 */
export interface Disposer extends Disposable {
  /** Undoes the registration or ends the subscription; a second call does nothing. */
  (): void;
}

/**
 * Wraps `undo` into a {@link Disposer} that runs it at most once, whether called or disposed.
 * @public
 */
export function createDisposer(undo: () => void): Disposer {
  let undone = false;
  const dispose = (): void => {
    if (undone) return;
    undone = true;
    undo();
  };
  return Object.assign(dispose, { [Symbol.dispose]: dispose });
}
