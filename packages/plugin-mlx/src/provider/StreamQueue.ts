interface Waiter<T> {
  readonly resolve: (result: IteratorResult<T, undefined>) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * A queue that callbacks push into and one `for await` loop (never two) drains: items in push order, then
 * the end or the failure. The first `end` or `fail` settles it; later pushes are ignored.
 *
 * @remarks
 * It does not push back on the producer: the worker's messages arrive from a pipe and are
 * bounded by `max_tokens`, so buffering them is cheaper than pausing the pipe, which other
 * requests share.
 */
export class StreamQueue<T> implements AsyncIterable<T> {
  readonly #items: T[] = [];
  #waiter: Waiter<T> | undefined;
  #settled: { readonly error: unknown } | 'ended' | undefined;

  push(item: T): void {
    if (this.#settled !== undefined) return;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter === undefined) this.#items.push(item);
    else waiter.resolve({ done: false, value: item });
  }

  end(): void {
    this.#settle('ended');
  }

  fail(error: unknown): void {
    this.#settle({ error });
  }

  #settle(how: { readonly error: unknown } | 'ended'): void {
    if (this.#settled !== undefined) return;
    this.#settled = how;
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter === undefined) return;
    if (how === 'ended') waiter.resolve({ done: true, value: undefined });
    else waiter.reject(how.error);
  }

  #next(): Promise<IteratorResult<T, undefined>> {
    if (this.#items.length > 0) return Promise.resolve({ done: false, value: this.#items.shift() as T });
    const settled = this.#settled;
    if (settled === 'ended') return Promise.resolve({ done: true, value: undefined });
    if (settled !== undefined) return Promise.reject(settled.error);
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return { next: () => this.#next() };
  }
}
