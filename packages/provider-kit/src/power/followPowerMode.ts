import type { PowerModeService } from '@cortex-os/kernel';
import type { ChatMessage, EmbedInput, GenerateOptions, ModelCallOptions, ModelProvider, ModelStreamPart } from '@cortex-os/kernel/router';
import { EmbedBatcher } from './EmbedBatcher.js';

/**
 * What low-power mode changes for one provider (see {@link followPowerMode}).
 * @public
 */
export interface LowPowerProviderOptions {
  /** Most inputs in one merged embed call; default 256. */
  readonly maxBatchInputs?: number;
}

/** Runs generations one at a time, in arrival order. */
class GenerationTurns {
  #last: Promise<void> = Promise.resolve();

  /** Waits for the turns before it, holds the turn while `call` runs, then passes it on. */
  async take<T>(call: () => Promise<T>): Promise<T> {
    const before = this.#last;
    let release = (): void => undefined;
    this.#last = new Promise<void>((resolve) => {
      release = resolve;
    });
    await before;
    try {
      return await call();
    } finally {
      release();
    }
  }

  /** Like {@link GenerationTurns.take} for a stream: the turn is held until the stream ends or is left. */
  async *stream(open: () => AsyncIterable<ModelStreamPart>): AsyncIterable<ModelStreamPart> {
    const before = this.#last;
    let release = (): void => undefined;
    this.#last = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await before;
      yield* open();
    } finally {
      release();
    }
  }
}

/**
 * Wraps a model provider so that it follows the runtime's power mode. In `normal` mode every call
 * goes straight through. In `low-power` mode:
 *
 * - **larger embedding batches, fewer calls at once**: at most one `embed` call is in flight; the
 *   calls that arrive meanwhile go out together as the next call (up to `maxBatchInputs` inputs)
 *   and each caller gets its own vectors — the same vectors, since embeddings are per input. A
 *   merged call that fails is retried caller by caller, so errors stay each caller's own;
 * - **one generation at a time**: `generate` and `stream` calls take turns, in arrival order.
 *
 * Every provider from {@link defineProviderPlugin} follows the mode when the runtime has one
 * (`powerModeToken`, provided by `@cortex-os/plugin-energy`).
 *
 * @remarks The wrapper has exactly the optional methods the provider has. A caller whose signal
 * aborts while it waits for a batch or a turn is rejected at once with the signal's reason.
 * @public
 */
export function followPowerMode(provider: ModelProvider, power: PowerModeService, options: LowPowerProviderOptions = {}): ModelProvider {
  const lowPower = () => power.mode === 'low-power';
  const following: { -readonly [K in keyof ModelProvider]: ModelProvider[K] } = {
    name: provider.name,
    capabilities: provider.capabilities,
    health: (callOptions?: ModelCallOptions) => provider.health(callOptions),
  };
  const { generate, stream, embed, close } = provider;
  const turns = new GenerationTurns();
  if (generate !== undefined) {
    following.generate = (messages: readonly ChatMessage[], callOptions?: GenerateOptions) =>
      lowPower() ? turns.take(() => generate.call(provider, messages, callOptions)) : generate.call(provider, messages, callOptions);
  }
  if (stream !== undefined) {
    following.stream = (messages: readonly ChatMessage[], callOptions?: GenerateOptions) =>
      lowPower() ? turns.stream(() => stream.call(provider, messages, callOptions)) : stream.call(provider, messages, callOptions);
  }
  if (embed !== undefined) {
    const batcher = new EmbedBatcher((inputs, callOptions) => embed.call(provider, inputs, callOptions), options.maxBatchInputs ?? 256);
    following.embed = (inputs: readonly EmbedInput[], callOptions?: ModelCallOptions) =>
      lowPower() ? batcher.embed(inputs, callOptions) : embed.call(provider, inputs, callOptions);
  }
  if (close !== undefined) following.close = () => close.call(provider);
  return following;
}
