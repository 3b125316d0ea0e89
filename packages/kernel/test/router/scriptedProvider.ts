import { KernelError } from '@cortex-os/kernel';
import type { EmbedInput, GenerateOptions, ModelProvider, ModelProviderCapabilities, ModelStreamPart } from '@cortex-os/kernel/router';

/**
 * Test double of a model provider (no real model can run in unit tests): it answers from a
 * script and records calls. `fail` switches it to throwing PROVIDER_UNAVAILABLE (or `failWith`).
 */
export interface ScriptedProvider extends ModelProvider {
  calls: number;
  fail: boolean;
  failWith: (() => Error) | undefined;
  /** Models passed to generate, in call order. */
  readonly models: (string | undefined)[];
  /** Options of every generate and stream call, in call order. */
  readonly requests: GenerateOptions[];
}

export interface ScriptedProviderOptions {
  readonly locality?: 'local' | 'remote';
  readonly relativeCost?: number;
  readonly embeddingModel?: string;
  readonly generationModels?: readonly string[];
  readonly contextLength?: number;
  readonly fail?: boolean;
  /** Answers with this embedding model instead of the declared one (a misbehaving provider). */
  readonly answerModel?: string;
  readonly hang?: boolean;
  readonly available?: boolean;
  readonly tools?: boolean;
  readonly structuredOutput?: boolean;
  /** Declares streaming and implements `stream` (its two text parts spell `hi from <name>`). */
  readonly streaming?: boolean;
  /** The stream fails after its first part (a provider dying mid-answer). */
  readonly failMidStream?: boolean;
  /** Declared capabilities that differ from what the double does (a misconfigured provider). */
  readonly capabilitiesOverride?: Partial<ModelProviderCapabilities>;
}

export function scriptedProvider(name: string, options: ScriptedProviderOptions = {}): ScriptedProvider {
  const embeddingModel = options.embeddingModel;
  const generationModels = options.generationModels ?? (embeddingModel === undefined ? [`model-of-${name}`] : undefined);
  const capabilities: ModelProviderCapabilities = {
    operations: [
      ...(embeddingModel === undefined ? [] : (['embed'] as const)),
      ...(generationModels === undefined ? [] : (['generate'] as const)),
    ],
    locality: options.locality ?? 'local',
    relativeCost: options.relativeCost ?? 0,
    ...(embeddingModel === undefined ? {} : { embedding: { model: embeddingModel, dimensions: 3, modalities: ['text'] as const } }),
    ...(generationModels === undefined ? {} : { generationModels }),
    ...(options.contextLength === undefined ? {} : { contextLength: options.contextLength }),
    ...(options.tools === undefined ? {} : { tools: options.tools }),
    ...(options.structuredOutput === undefined ? {} : { structuredOutput: options.structuredOutput }),
    ...(options.streaming === undefined ? {} : { streaming: options.streaming }),
    ...options.capabilitiesOverride,
  };
  const provider: ScriptedProvider = {
    name,
    capabilities,
    calls: 0,
    fail: options.fail ?? false,
    failWith: undefined,
    models: [],
    requests: [],
    async health() {
      return options.available === false ? { available: false, reason: `${name} is switched off` } : { available: true };
    },
    async embed(inputs: readonly EmbedInput[], callOptions) {
      provider.calls += 1;
      await maybeFail(callOptions?.signal);
      return {
        model: options.answerModel ?? (embeddingModel as string),
        dimensions: 3,
        vectors: inputs.map(() => new Float32Array([1, 0, 0])),
      };
    },
    async generate(_messages, callOptions) {
      provider.calls += 1;
      provider.models.push(callOptions?.model);
      provider.requests.push(callOptions ?? {});
      await maybeFail(callOptions?.signal);
      callOptions?.onToken?.('hi');
      return { model: callOptions?.model ?? generationModels?.[0] ?? 'none', text: `hi from ${name}`, finishReason: 'stop' };
    },
    async *stream(_messages, callOptions): AsyncGenerator<ModelStreamPart> {
      provider.calls += 1;
      provider.models.push(callOptions?.model);
      provider.requests.push(callOptions ?? {});
      await maybeFail(callOptions?.signal);
      yield { type: 'text-delta', text: 'hi' };
      if (options.failMidStream) throw new KernelError('PROVIDER_REQUEST_FAILED', `${name} broke mid-stream`);
      yield { type: 'text-delta', text: ` from ${name}` };
      yield { type: 'finish', finishReason: 'stop', usage: { inputTokens: 1, outputTokens: 2 } };
    },
  };
  async function maybeFail(signal: AbortSignal | undefined): Promise<void> {
    if (options.hang) {
      await new Promise((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
    }
    if (provider.failWith) throw provider.failWith();
    if (provider.fail) throw new KernelError('PROVIDER_UNAVAILABLE', `${name} is down`);
  }
  if (embeddingModel === undefined) delete (provider as Partial<ScriptedProvider>).embed;
  if (generationModels === undefined) delete (provider as Partial<ScriptedProvider>).generate;
  if (options.streaming !== true) delete (provider as Partial<ScriptedProvider>).stream;
  return provider;
}
