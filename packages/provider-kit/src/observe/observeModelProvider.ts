import type { ChatMessage, EmbedInput, GenerateOptions, ModelCallOptions, ModelProvider, ModelStreamPart } from '@cortex-os/kernel/router';
import { providerCallChannel, type ProviderCallMessage } from './providerCallChannel.js';

/** Announces a promise-returning call: `start` now, `asyncEnd` with its outcome once it settles. */
async function observed<T>(message: ProviderCallMessage, call: () => Promise<T>): Promise<T> {
  providerCallChannel.start.publish(message);
  try {
    const result = await call();
    message.outcome = 'ok';
    return result;
  } catch (error) {
    message.outcome = 'error';
    throw error;
  } finally {
    providerCallChannel.asyncEnd.publish(message);
  }
}

/** Announces a stream: `start` when asked for, `asyncEnd` when it finished, failed or was left early. */
async function* observedStream(message: ProviderCallMessage, open: () => AsyncIterable<ModelStreamPart>): AsyncIterable<ModelStreamPart> {
  providerCallChannel.start.publish(message);
  message.outcome = 'error';
  try {
    yield* open();
    message.outcome = 'ok';
  } finally {
    providerCallChannel.asyncEnd.publish(message);
  }
}

/**
 * Wraps a model provider so each `generate`, `stream` and `embed` call is announced on the
 * {@link providerCallChannelName} diagnostics channel (start, then end with its outcome) — the
 * seam energy accounting charges provider calls through. With no subscriber (checked per call)
 * the call goes straight through. Every provider from {@link defineProviderPlugin} is wrapped.
 *
 * @remarks Like {@link traceModelProvider}, the wrapper forwards everything else and has exactly
 * the optional methods the provider has.
 * @public
 */
export function observeModelProvider(provider: ModelProvider): ModelProvider {
  const observedProvider: { -readonly [K in keyof ModelProvider]: ModelProvider[K] } = {
    name: provider.name,
    capabilities: provider.capabilities,
    health: (options?: ModelCallOptions) => provider.health(options),
  };
  const { generate, stream, embed, close } = provider;
  const generationModel = (options: GenerateOptions | undefined) => options?.model ?? provider.capabilities.generationModels?.[0];
  if (generate !== undefined) {
    observedProvider.generate = (messages: readonly ChatMessage[], options?: GenerateOptions) => {
      if (!providerCallChannel.hasSubscribers) return generate.call(provider, messages, options);
      const message = { provider: provider.name, operation: 'generate' as const, model: generationModel(options) };
      return observed(message, () => generate.call(provider, messages, options));
    };
  }
  if (stream !== undefined) {
    observedProvider.stream = (messages: readonly ChatMessage[], options?: GenerateOptions) => {
      if (!providerCallChannel.hasSubscribers) return stream.call(provider, messages, options);
      const message = { provider: provider.name, operation: 'stream' as const, model: generationModel(options) };
      return observedStream(message, () => stream.call(provider, messages, options));
    };
  }
  if (embed !== undefined) {
    observedProvider.embed = (inputs: readonly EmbedInput[], options?: ModelCallOptions) => {
      if (!providerCallChannel.hasSubscribers) return embed.call(provider, inputs, options);
      const message = { provider: provider.name, operation: 'embed' as const, model: provider.capabilities.embedding?.model };
      return observed(message, () => embed.call(provider, inputs, options));
    };
  }
  if (close !== undefined) observedProvider.close = () => close.call(provider);
  return observedProvider;
}
