import { KernelError } from '@cortex-os/kernel';
import { traceModelProvider } from '@cortex-os/provider-kit';
import { createScriptedModelProvider } from '@cortex-os/provider-kit/testing';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hashEmbedder as embedder } from '../support/hashEmbedder.js';

// The SDK is what a host app would register; provider-kit only talks to @opentelemetry/api.
const exporter = new InMemorySpanExporter();
const sdk = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(sdk);
});
afterEach(() => exporter.reset());
afterAll(async () => {
  await sdk.shutdown();
  trace.disable();
  context.disable();
});

describe('traceModelProvider', () => {
  it('makes a CLIENT chat span per generate call, with provider, models, finish reason and tokens', async () => {
    const provider = traceModelProvider(
      createScriptedModelProvider({ name: 'scripted', script: [{ text: 'Hi.', usage: { inputTokens: 12, outputTokens: 2 } }] }),
    );
    const reply = await provider.generate?.([{ role: 'user', content: 'Hello' }], { model: 'tiny', maxTokens: 50 });
    expect(reply?.text).toBe('Hi.');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('chat tiny');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    expect(span?.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'scripted',
      'gen_ai.request.model': 'tiny',
      'gen_ai.request.max_tokens': 50,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 12,
      'gen_ai.usage.output_tokens': 2,
    });
  });

  it('keeps a stream in one span that ends when the stream does, even when the consumer leaves early', async () => {
    const provider = traceModelProvider(
      createScriptedModelProvider({
        name: 'scripted',
        script: [{ text: 'One two three.' }, { text: 'Four five.', usage: { outputTokens: 3 } }],
      }),
    );
    for await (const part of provider.stream?.([{ role: 'user', content: 'Count' }]) ?? []) {
      if (part.type === 'text-delta') break;
    }
    expect(exporter.getFinishedSpans()).toHaveLength(1);
    const parts = [];
    for await (const part of provider.stream?.([{ role: 'user', content: 'Count' }]) ?? []) parts.push(part);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    const [early, whole] = exporter.getFinishedSpans();
    expect(early?.attributes['gen_ai.response.finish_reasons']).toBeUndefined();
    expect(whole?.attributes).toMatchObject({
      'cortex.provider.streaming': true,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.output_tokens': 3,
    });
  });

  it('marks a failed call with the error code, never the message, and rethrows the same error', async () => {
    const failure = new KernelError('PROVIDER_UNAVAILABLE', 'connect ECONNREFUSED 127.0.0.1:1 at /home/someone/secret');
    const provider = traceModelProvider({ ...embedder, embed: async () => Promise.reject(failure) });
    await expect(provider.embed?.(['a'])).rejects.toBe(failure);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'PROVIDER_UNAVAILABLE' });
    expect(span?.attributes['error.type']).toBe('PROVIDER_UNAVAILABLE');
    expect(JSON.stringify(span?.attributes)).not.toContain('secret');
  });

  it('names embedding spans after the model and counts inputs; nests the provider’s own spans under its span', async () => {
    const inner = trace.getTracer('test');
    const provider = traceModelProvider({
      ...embedder,
      embed: async (inputs) =>
        inner.startActiveSpan('POST /embed', async (span) => {
          span.end();
          return { model: 'hash-4', dimensions: 4, vectors: inputs.map(() => new Float32Array(4)) };
        }),
    });
    await provider.embed?.(['a', 'b', 'c']);
    const [child, parent] = exporter.getFinishedSpans();
    expect(parent?.name).toBe('embeddings hash-4');
    expect(parent?.attributes).toMatchObject({
      'gen_ai.operation.name': 'embeddings',
      'cortex.embed.inputs': 3,
      'gen_ai.embeddings.dimension.count': 4,
    });
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
  });

  it('has exactly the optional methods of the provider it wraps', () => {
    const traced = traceModelProvider(embedder);
    expect(Object.keys(traced).sort()).toEqual(['capabilities', 'embed', 'health', 'name']);
    expect(traced.capabilities).toBe(embedder.capabilities);
  });
});
