/**
 * Hands parts from a callback-style reader (inside `fetchWithDeadline`, which owns the response
 * and its deadlines) to an async generator that yields them.
 *
 * @remarks
 * The reader does not wait for the consumer: a slow consumer would otherwise hold the response
 * silent and trip its idle deadline. A reply is bounded by the model's output, and a consumer that
 * leaves early aborts the request instead.
 */
export class StreamPartQueue<T> {
  readonly #items: T[] = [];
  #ended = false;
  #failure: { readonly error: unknown } | undefined;
  #wake: (() => void) | undefined;

  /** Adds a part for the consumer. */
  push(item: T): void {
    this.#items.push(item);
    this.#notify();
  }

  /** Marks the end: the consumer reads what is queued, then finishes. */
  end(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Fails the stream: the consumer reads what is queued, then gets `error`. */
  fail(error: unknown): void {
    this.#failure = { error };
    this.#notify();
  }

  /** The next part, waiting for it; `done` after `end()`, and a rejection after `fail()`. */
  async next(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      if (this.#items.length > 0) return { done: false, value: this.#items.shift() as T };
      if (this.#failure !== undefined) throw this.#failure.error;
      if (this.#ended) return { done: true, value: undefined };
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
