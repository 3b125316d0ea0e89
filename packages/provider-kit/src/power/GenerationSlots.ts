import type { ModelStreamPart } from '@cortex-os/kernel/router';

/**
 * Low-power generation for one provider: at most `limit()` generations run at once, the others wait
 * their turn in arrival order. The limit is read each time a slot frees, so a change of the
 * runtime's low-power limits applies to the calls still waiting.
 */
export class GenerationSlots {
  readonly #limit: () => number;
  readonly #waiting: (() => void)[] = [];
  #running = 0;

  constructor(limit: () => number) {
    this.#limit = limit;
  }

  /** Waits for a slot, holds it while `call` runs, then hands it to the next caller. */
  async take<T>(call: () => Promise<T>): Promise<T> {
    await this.#acquire();
    try {
      return await call();
    } finally {
      this.#release();
    }
  }

  /** Like {@link GenerationSlots.take} for a stream: the slot is held until the stream ends or is left. */
  async *stream(open: () => AsyncIterable<ModelStreamPart>): AsyncIterable<ModelStreamPart> {
    await this.#acquire();
    try {
      yield* open();
    } finally {
      this.#release();
    }
  }

  #acquire(): Promise<void> {
    if (this.#running < Math.max(1, this.#limit()) && this.#waiting.length === 0) {
      this.#running += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    this.#running -= 1;
    while (this.#waiting.length > 0 && this.#running < Math.max(1, this.#limit())) {
      this.#running += 1;
      (this.#waiting.shift() as () => void)();
    }
  }
}
