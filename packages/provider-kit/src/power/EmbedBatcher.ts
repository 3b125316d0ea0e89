import type { EmbedInput, EmbedResult, ModelCallOptions, ModelProvider } from '@cortex-os/kernel/router';

/** One caller's embed call waiting for its batch. */
interface PendingEmbed {
  readonly inputs: readonly EmbedInput[];
  readonly signal: AbortSignal | undefined;
  readonly resolve: (result: EmbedResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Low-power embedding for one provider: at most one call in flight, and the calls that arrive
 * meanwhile go out together as the next call (up to `maxBatchInputs()` inputs, read per batch), each caller
 * getting its own slice of the vectors. A merged call that fails is retried caller by caller,
 * so one caller's bad input fails only that caller, with the provider's own error.
 */
export class EmbedBatcher {
  readonly #embed: NonNullable<ModelProvider['embed']>;
  readonly #maxBatchInputs: () => number;
  readonly #queue: PendingEmbed[] = [];
  #draining = false;

  constructor(embed: NonNullable<ModelProvider['embed']>, maxBatchInputs: () => number) {
    this.#embed = embed;
    this.#maxBatchInputs = maxBatchInputs;
  }

  /** Queues a call; it goes out alone if nothing is in flight, else with the next batch. */
  embed(inputs: readonly EmbedInput[], options?: ModelCallOptions): Promise<EmbedResult> {
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    return new Promise<EmbedResult>((resolve, reject) => {
      // An aborted caller leaves at once; its share of a merged call is dropped.
      const onAbort = (): void => reject(signal?.reason);
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle =
        <T>(finish: (value: T) => void) =>
        (value: T) => {
          signal?.removeEventListener('abort', onAbort);
          finish(value);
        };
      this.#queue.push({ inputs, signal, resolve: settle(resolve), reject: settle(reject) });
      if (!this.#draining) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#draining = true;
    try {
      while (this.#queue.length > 0) await this.#run(this.#nextBatch());
    } finally {
      this.#draining = false;
    }
  }

  /** Takes queued calls, oldest first, while their inputs fit in one batch (always at least one). */
  #nextBatch(): PendingEmbed[] {
    const batch: PendingEmbed[] = [];
    const max = this.#maxBatchInputs();
    let size = 0;
    while (this.#queue.length > 0) {
      const next = this.#queue[0] as PendingEmbed;
      if (batch.length > 0 && size + next.inputs.length > max) break;
      batch.push(next);
      size += next.inputs.length;
      this.#queue.shift();
    }
    return batch;
  }

  async #run(queued: readonly PendingEmbed[]): Promise<void> {
    const batch = queued.filter((call) => call.signal?.aborted !== true);
    if (batch.length === 1) return this.#alone(batch[0] as PendingEmbed);
    if (batch.length === 0) return;
    let result: EmbedResult;
    try {
      result = await this.#embed(batch.flatMap((call) => call.inputs));
    } catch {
      for (const call of batch) await this.#alone(call);
      return;
    }
    let offset = 0;
    for (const call of batch) {
      // A short answer shows as a short slice: the caller's own count check reports it.
      const vectors = result.vectors.slice(offset, offset + call.inputs.length);
      offset += call.inputs.length;
      call.resolve({ model: result.model, dimensions: result.dimensions, vectors });
    }
  }

  async #alone(call: PendingEmbed): Promise<void> {
    try {
      call.resolve(await this.#embed(call.inputs, call.signal === undefined ? undefined : { signal: call.signal }));
    } catch (error) {
      call.reject(error);
    }
  }
}
