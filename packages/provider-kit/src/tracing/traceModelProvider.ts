import { CortexError } from '@cortex-os/kernel';
import type {
  ChatMessage,
  EmbedInput,
  GenerateOptions,
  ModelCallOptions,
  ModelProvider,
  ModelStreamPart,
  ModelUsage,
} from '@cortex-os/kernel/router';
import { context, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { isTracingActive } from '@cortex-os/kernel/tracing';

// Looked up per span, not once at load: a tracer taken from the global provider before the host
// registers (or re-registers) an SDK would stay bound to the provider it came from.
const tracer = () => trace.getTracer('@cortex-os/provider-kit');
/** Marks a span failed with the error's code (a Cortex code, else the error's class name), never its message. */
function recordFailure(span: Span, error: unknown): void {
  const type = error instanceof CortexError ? error.code : error instanceof Error ? error.name : 'unknown';
  span.setAttribute('error.type', type);
  span.setStatus({ code: SpanStatusCode.ERROR, message: type });
}

function recordUsage(span: Span, usage: ModelUsage | undefined): void {
  if (usage?.inputTokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', usage.inputTokens);
  if (usage?.outputTokens !== undefined) span.setAttribute('gen_ai.usage.output_tokens', usage.outputTokens);
}

/** Runs `call` inside `span` (so a provider's own child spans nest under it), ending the span either way. */
async function inSpan<T>(span: Span, call: () => Promise<T>, onResult: (result: T) => void): Promise<T> {
  try {
    const result = await context.with(trace.setSpan(context.active(), span), call);
    onResult(result);
    return result;
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    span.end();
  }
}

function chatSpan(provider: ModelProvider, options: GenerateOptions | undefined, streaming: boolean): Span {
  const model = options?.model ?? provider.capabilities.generationModels?.[0];
  return tracer().startSpan(`chat ${model ?? provider.name}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': provider.name,
      'cortex.provider.streaming': streaming,
      ...(model === undefined ? {} : { 'gen_ai.request.model': model }),
      ...(options?.maxTokens === undefined ? {} : { 'gen_ai.request.max_tokens': options.maxTokens }),
      ...(options?.tools === undefined ? {} : { 'cortex.provider.tools_offered': options.tools.length }),
    },
  });
}

/** Streams the provider's parts inside a span that ends with the stream (finished, failed, or left early). */
async function* tracedStream(source: AsyncIterable<ModelStreamPart>, span: Span): AsyncIterable<ModelStreamPart> {
  const ctx = trace.setSpan(context.active(), span);
  const iterator = context.with(ctx, () => source[Symbol.asyncIterator]());
  try {
    for (;;) {
      const next = await context.with(ctx, () => iterator.next());
      if (next.done === true) return;
      if (next.value.type === 'finish') {
        span.setAttribute('gen_ai.response.finish_reasons', [next.value.finishReason]);
        recordUsage(span, next.value.usage);
      }
      yield next.value;
    }
  } catch (error) {
    recordFailure(span, error);
    throw error;
  } finally {
    // Left early (the consumer broke out): let the provider release its request.
    await iterator.return?.();
    span.end();
  }
}

/**
 * Wraps a model provider so each `generate`, `stream` and `embed` call is an OpenTelemetry
 * CLIENT span named and attributed after the GenAI semantic conventions (`chat <model>`,
 * `embeddings <model>`; provider, requested and answered model, finish reason, tokens), failed
 * spans carrying the error's code as `error.type` and never its message. With no OpenTelemetry
 * SDK registered (checked per call) the wrapper adds no span objects. Every provider from
 * {@link defineProviderPlugin} is wrapped; call this for providers handed to the router another way.
 *
 * @remarks The wrapper forwards everything else (`name`, `capabilities`, `health`, `close`) and has
 * exactly the optional methods the provider has, so the router's capability checks see no difference.
 * @public
 */
export function traceModelProvider(provider: ModelProvider): ModelProvider {
  const traced: { -readonly [K in keyof ModelProvider]: ModelProvider[K] } = {
    name: provider.name,
    capabilities: provider.capabilities,
    health: (options?: ModelCallOptions) => provider.health(options),
  };
  const { generate, stream, embed, close } = provider;
  if (generate !== undefined) {
    traced.generate = (messages: readonly ChatMessage[], options?: GenerateOptions) => {
      if (!isTracingActive()) return generate.call(provider, messages, options);
      const span = chatSpan(provider, options, false);
      return inSpan(
        span,
        () => generate.call(provider, messages, options),
        (reply) => {
          span.setAttributes({ 'gen_ai.response.model': reply.model, 'gen_ai.response.finish_reasons': [reply.finishReason] });
          recordUsage(span, reply.usage);
        },
      );
    };
  }
  if (stream !== undefined) {
    traced.stream = (messages: readonly ChatMessage[], options?: GenerateOptions) => {
      if (!isTracingActive()) return stream.call(provider, messages, options);
      const span = chatSpan(provider, options, true);
      return tracedStream(stream.call(provider, messages, options), span);
    };
  }
  if (embed !== undefined) {
    traced.embed = (inputs: readonly EmbedInput[], options?: ModelCallOptions) => {
      if (!isTracingActive()) return embed.call(provider, inputs, options);
      const model = provider.capabilities.embedding?.model;
      const span = tracer().startSpan(`embeddings ${model ?? provider.name}`, {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'embeddings',
          'gen_ai.provider.name': provider.name,
          'cortex.embed.inputs': inputs.length,
          ...(model === undefined ? {} : { 'gen_ai.request.model': model }),
        },
      });
      return inSpan(
        span,
        () => embed.call(provider, inputs, options),
        (result) => span.setAttributes({ 'gen_ai.response.model': result.model, 'gen_ai.embeddings.dimension.count': result.dimensions }),
      );
    };
  }
  if (close !== undefined) traced.close = () => close.call(provider);
  return traced;
}
