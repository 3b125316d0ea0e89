import type { HttpTrackedStream } from '@cortex-os/http-api';
import { createDisposer, type Disposer, type Logger } from '@cortex-os/kernel';

/**
 * The long-lived responses registered with the server (internal). Shutdown ends them all
 * before waiting for the requests in flight; a stream tracked after that is ended at once.
 */
export class TrackedStreams {
  readonly #open = new Set<HttpTrackedStream>();
  readonly #logger: Logger | undefined;
  #ending = false;
  #ended = 0;

  constructor(logger: Logger | undefined) {
    this.#logger = logger;
  }

  get size(): number {
    return this.#open.size;
  }

  /** Streams told to end so far. */
  get ended(): number {
    return this.#ended;
  }

  track(stream: HttpTrackedStream): Disposer {
    if (this.#ending) {
      void this.#end(stream);
      return createDisposer(() => undefined);
    }
    this.#open.add(stream);
    return createDisposer(() => this.#open.delete(stream));
  }

  /** Tells every open stream to end; resolves once each `end()` settled. */
  async endAll(): Promise<void> {
    this.#ending = true;
    const open = [...this.#open];
    this.#open.clear();
    await Promise.all(open.map((stream) => this.#end(stream)));
  }

  async #end(stream: HttpTrackedStream): Promise<void> {
    this.#ended += 1;
    try {
      await stream.end();
    } catch (error) {
      this.#logger?.warn({ err: error, stream: stream.description }, 'ending a tracked stream failed');
    }
  }
}
