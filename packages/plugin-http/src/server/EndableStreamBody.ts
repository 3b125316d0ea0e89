import type { HttpTrackedStream } from '@cortex-os/http-api';

type Chunk = string | Uint8Array;

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/** What {@link EndableStreamBody} needs besides the route's body. */
export interface EndableStreamBodyOptions {
  /** For logs: `GET /api/v1/feed stream body`. */
  readonly description: string;
  /** Tells the producer to finish (the request context's signal aborts). */
  readonly tellProducer: () => void;
  /** How long the producer has, once told, to send its last chunks before the body ends without them. */
  readonly graceMs: number;
  /** Resolves once the response is done (finished or closed), for the drain to wait on. */
  readonly responseDone: () => Promise<void>;
}

/**
 * A route's stream body that shutdown can end cleanly (internal). At shutdown the producer is
 * told through the request's abort signal and may still yield its last chunks (a final event)
 * within the grace; then the body ends — the client sees a complete response, not a cut
 * connection — whether or not the producer finished. A producer stuck awaiting something is
 * abandoned, not awaited: its `return()` is requested and runs whenever its await settles.
 */
export class EndableStreamBody implements AsyncIterable<Chunk>, HttpTrackedStream {
  readonly description: string;
  readonly #iterator: AsyncIterator<Chunk>;
  readonly #options: EndableStreamBodyOptions;
  #cut: ((result: IteratorReturnResult<undefined>) => void) | undefined;
  readonly #cutting: Promise<IteratorReturnResult<undefined>>;
  #finished = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(body: AsyncIterable<Chunk>, options: EndableStreamBodyOptions) {
    this.description = options.description;
    this.#iterator = body[Symbol.asyncIterator]();
    this.#options = options;
    this.#cutting = new Promise((resolve) => {
      this.#cut = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<Chunk> {
    return {
      next: () => this.#next(),
      // The response went away (client closed) or the body is done: let the producer clean up.
      return: async () => {
        this.#finish();
        return DONE;
      },
    };
  }

  /** Tells the producer to finish; the body ends when it does or when the grace is over. */
  end(): Promise<void> {
    this.#options.tellProducer();
    if (!this.#finished) {
      this.#timer = setTimeout(() => this.#finish(), this.#options.graceMs);
      this.#timer.unref();
    }
    return this.#options.responseDone();
  }

  async #next(): Promise<IteratorResult<Chunk>> {
    if (this.#finished) return DONE;
    let result: IteratorResult<Chunk>;
    try {
      result = await Promise.race([this.#iterator.next(), this.#cutting]);
    } catch (error) {
      this.#finish(true);
      throw error;
    }
    if (result.done === true) this.#finish(result !== DONE);
    return this.#finished ? DONE : result;
  }

  /** Ends the body once; `producerDone` when the producer itself returned (nothing to ask). */
  #finish(producerDone = false): void {
    if (this.#finished) return;
    this.#finished = true;
    clearTimeout(this.#timer);
    this.#cut?.(DONE);
    if (producerDone) return;
    try {
      // Not awaited: a producer stuck in an await would hold the response open.
      this.#iterator.return?.()?.catch(() => undefined);
    } catch {
      // A producer that throws while cleaning up has nothing more to send either.
    }
  }
}
