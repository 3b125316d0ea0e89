import type { LowPowerLimits, PowerModeService } from '@cortex-os/kernel';
import type { ChatMessage, EmbedInput, GenerateOptions, ModelCallOptions, ModelProvider } from '@cortex-os/kernel/router';
import { EmbedBatcher } from './EmbedBatcher.js';
import { GenerationSlots } from './GenerationSlots.js';

/**
 * What low-power mode changes for one provider (see {@link followPowerMode}).
 * @public
 */
export interface LowPowerProviderOptions {
  /** Most inputs in one merged embed call; default: the runtime's `power.lowPower.maxBatchInputs`, else 256. */
  readonly maxBatchInputs?: number;
  /** Generations at once; default: the runtime's `power.lowPower.generationsAtOnce`, else 1. */
  readonly generationsAtOnce?: number;
}

/** Low-power limits when neither the wrapper's options nor the runtime's power service set them. */
const defaultLimits: LowPowerLimits = { maxBatchInputs: 256, generationsAtOnce: 1 };

/**
 * Wraps a model provider so that it follows the runtime's power mode. In `normal` mode every call
 * goes straight through. In `low-power` mode:
 *
 * - **larger embedding batches, fewer calls at once**: at most one `embed` call is in flight; the
 *   calls that arrive meanwhile go out together as the next call (up to `maxBatchInputs` inputs)
 *   and each caller gets its own vectors — the same vectors, since embeddings are per input. A
 *   merged call that fails is retried caller by caller, so errors stay each caller's own;
 * - **fewer generations at once**: `generate` and `stream` calls take turns in arrival order,
 *   `generationsAtOnce` (default 1) at a time.
 *
 * Both limits come from `options`, else from the runtime's power service (`power.lowPower`, set by
 * `@cortex-os/plugin-energy`'s `lowPower` option), else the defaults; they are read per call.
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
  const limit = <K extends keyof LowPowerLimits>(key: K): LowPowerLimits[K] => options[key] ?? power.lowPower?.[key] ?? defaultLimits[key];
  const turns = new GenerationSlots(() => limit('generationsAtOnce'));
  if (generate !== undefined) {
    following.generate = (messages: readonly ChatMessage[], callOptions?: GenerateOptions) =>
      lowPower() ? turns.take(() => generate.call(provider, messages, callOptions)) : generate.call(provider, messages, callOptions);
  }
  if (stream !== undefined) {
    following.stream = (messages: readonly ChatMessage[], callOptions?: GenerateOptions) =>
      lowPower() ? turns.stream(() => stream.call(provider, messages, callOptions)) : stream.call(provider, messages, callOptions);
  }
  // A provider that says merging saves nothing (no fixed cost per call) keeps its embed calls as
  // they come: merging would only delay callers and bunch the work (measured: 9 % more energy).
  if (embed !== undefined && provider.capabilities.embedding?.batchingHelps === false) {
    following.embed = (inputs: readonly EmbedInput[], callOptions?: ModelCallOptions) => embed.call(provider, inputs, callOptions);
  } else if (embed !== undefined) {
    const batcher = new EmbedBatcher(
      (inputs, callOptions) => embed.call(provider, inputs, callOptions),
      () => limit('maxBatchInputs'),
    );
    following.embed = (inputs: readonly EmbedInput[], callOptions?: ModelCallOptions) =>
      lowPower() ? batcher.embed(inputs, callOptions) : embed.call(provider, inputs, callOptions);
  }
  if (close !== undefined) following.close = () => close.call(provider);
  return following;
}
