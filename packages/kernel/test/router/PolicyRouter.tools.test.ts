import { describe, expect, it } from 'vitest';
import { CortexError, type KernelAggregateError } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import { collectModelStream, type ModelProvider, type ModelStreamPart, type ModelToolDefinition } from '@cortex-os/kernel/router';
import { expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';
import { scriptedProvider } from './scriptedProvider.js';

const hello = [{ role: 'user' as const, content: 'hello' }];
const noRetry = { breaker: { threshold: 5, halfOpenAfterMs: 30_000 }, timeoutMs: 5_000, retry: false } as const;
const weatherTool: ModelToolDefinition = { name: 'weather', description: 'Weather.', inputSchema: { type: 'object' } };

function problemsOf(error: unknown): string[] {
  return (error as KernelAggregateError).problems.map((problem) => problem.message);
}

describe('policy router: tool calling and structured output', () => {
  it('sends a request with tools only to providers that declare tool calling, and forwards tools and choice', async () => {
    const plain = scriptedProvider('plain');
    const caller = scriptedProvider('caller', { tools: true });
    const router = createPolicyRouter({ providers: [plain, caller] });
    const result = await router.generate(hello, { tools: [weatherTool], toolChoice: { name: 'weather' } });
    expect(result.provider).toBe('caller');
    expect(plain.calls).toBe(0);
    expect(caller.requests[0]).toMatchObject({ tools: [weatherTool], toolChoice: { name: 'weather' } });
  });

  it('keeps the runtime policy requirements when a request adds tool calling', async () => {
    const short = scriptedProvider('short', { tools: true, contextLength: 4_000 });
    const long = scriptedProvider('long', { tools: true, contextLength: 16_000 });
    const plain = scriptedProvider('plain', { contextLength: 32_000 });
    const router = createPolicyRouter({ providers: [short, plain, long], policy: { requires: { contextLength: 8_000 } } });
    const result = await router.generate(hello, { tools: [weatherTool] });
    expect(result.provider).toBe('long');
    expect([short.calls, plain.calls]).toEqual([0, 0]);
    const error = await expectCortexError(
      router.generate(hello, { tools: [weatherTool], policy: { requires: { contextLength: 20_000 } } }),
      'ROUTER_NO_PROVIDER',
    );
    expect(problemsOf(error)).toHaveLength(3);
    expect(problemsOf(error).find((p) => p.startsWith('plain:'))).toContain('tool calling');
  });

  it('needs tool calling for a history that carries tool calls, even without tools offered', async () => {
    const router = createPolicyRouter({ providers: [scriptedProvider('plain')] });
    const history = [
      ...hello,
      { role: 'assistant' as const, content: '', toolCalls: [{ id: 'c1', name: 'weather', arguments: '{}' }] },
      { role: 'tool' as const, toolCallId: 'c1', content: '{"sunny":true}' },
    ];
    const error = await expectCortexError(router.generate(history), 'ROUTER_NO_PROVIDER');
    expect(problemsOf(error)).toEqual([
      'plain: excluded, does not declare tool calling (capabilities.tools) and the request offers tools or carries tool calls',
    ]);
  });

  it('says why each provider was skipped for structured output', async () => {
    const router = createPolicyRouter({
      providers: [scriptedProvider('a', { tools: true }), scriptedProvider('b', { structuredOutput: false })],
    });
    const error = await rejectionOf(
      router.generate(hello, { responseFormat: { type: 'json_schema', name: 'x', schema: { type: 'object' } } }),
    );
    expect(CortexError.is(error, 'ROUTER_NO_PROVIDER')).toBe(true);
    expect(problemsOf(error)).toEqual([
      'a: excluded, does not declare structured output (capabilities.structuredOutput) and the request asks for a response format',
      'b: excluded, does not declare structured output (capabilities.structuredOutput) and the request asks for a response format',
    ]);
  });

  it('refuses a tool choice the model could not follow, before calling any provider', async () => {
    const caller = scriptedProvider('caller', { tools: true });
    const router = createPolicyRouter({ providers: [caller] });
    const unknown = await expectCortexError(
      router.generate(hello, { tools: [weatherTool], toolChoice: { name: 'clock' } }),
      'ROUTER_REQUEST_INVALID',
    );
    expect(unknown.kind).toBe('invalid-input');
    expect(unknown.message).toBe(
      'The generate request is invalid: toolChoice names "clock", which is not among the tools offered (weather).',
    );
    const none = await expectCortexError(router.stream(hello, { toolChoice: 'required' }), 'ROUTER_REQUEST_INVALID');
    expect(none.message).toBe('The generate request is invalid: toolChoice "required" needs tools, and none are offered.');
    expect(caller.calls).toBe(0);
    await expect(router.generate(hello, { tools: [weatherTool], toolChoice: 'required' })).resolves.toMatchObject({ provider: 'caller' });
  });

  it('lets a runtime policy require tool calling for every request', async () => {
    const router = createPolicyRouter({
      providers: [scriptedProvider('plain'), scriptedProvider('caller', { tools: true })],
      policy: { requires: { tools: true } },
    });
    expect((await router.generate(hello)).provider).toBe('caller');
  });
});

describe('policy router: stream', () => {
  it('streams from the first provider that declares streaming, naming the route', async () => {
    const router = createPolicyRouter({ providers: [scriptedProvider('plain'), scriptedProvider('streamer', { streaming: true })] });
    const streamed = await router.stream(hello);
    expect(streamed).toMatchObject({ provider: 'streamer', model: 'model-of-streamer', fellBack: false });
    expect(await collectModelStream(streamed.parts)).toEqual({
      text: 'hi from streamer',
      toolCalls: [],
      finishReason: 'stop',
      usage: { inputTokens: 1, outputTokens: 2 },
    });
  });

  it('falls back before the first part arrives', async () => {
    const broken = scriptedProvider('broken', { streaming: true, fail: true });
    const router = createPolicyRouter({ providers: [broken, scriptedProvider('backup', { streaming: true })], resilience: noRetry });
    const streamed = await router.stream(hello);
    expect(streamed.provider).toBe('backup');
    expect(streamed.fellBack).toBe(true);
    expect(streamed.attempts.map((attempt) => [attempt.provider, attempt.error?.message])).toEqual([
      ['broken', 'broken is down'],
      ['backup', undefined],
    ]);
    expect((await collectModelStream(streamed.parts)).text).toBe('hi from backup');
  });

  it('does not fall back once a part has reached the caller', async () => {
    const dying = scriptedProvider('dying', { streaming: true, failMidStream: true });
    const backup = scriptedProvider('backup', { streaming: true });
    const router = createPolicyRouter({ providers: [dying, backup], resilience: noRetry });
    const streamed = await router.stream(hello);
    const seen: ModelStreamPart[] = [];
    const error = await rejectionOf(
      (async () => {
        for await (const part of streamed.parts) seen.push(part);
      })(),
    );
    expect(seen).toEqual([{ type: 'text-delta', text: 'hi' }]);
    expect(CortexError.is(error, 'PROVIDER_REQUEST_FAILED')).toBe(true);
    expect((error as CortexError).details).toMatchObject({ provider: 'dying', streamed: true });
    expect((error as Error).message).toContain('dying broke mid-stream');
    expect(backup.calls).toBe(0);
  });

  it('refuses when no provider streams, saying why for each', async () => {
    const router = createPolicyRouter({ providers: [scriptedProvider('plain'), scriptedProvider('embedder', { embeddingModel: 'e' })] });
    const error = await expectCortexError(router.stream(hello), 'ROUTER_NO_PROVIDER');
    expect(error.message).toContain('No provider could stream');
    expect(problemsOf(error)).toEqual([
      'plain: excluded, does not declare streaming (capabilities.streaming) and the request streams',
      'embedder: excluded, does not generate',
    ]);
  });

  it('passes the caller’s abort to the provider while the stream is being read', async () => {
    const controller = new AbortController();
    const streamer = scriptedProvider('streamer', { streaming: true });
    const router = createPolicyRouter({ providers: [streamer] });
    const streamed = await router.stream(hello, { signal: controller.signal });
    const iterator = streamed.parts[Symbol.asyncIterator]();
    await iterator.next();
    const providerSignal = streamer.requests[0]?.signal;
    expect(providerSignal?.aborted).toBe(false);
    controller.abort(new Error('caller left'));
    expect(providerSignal?.aborted).toBe(true);
    await iterator.return?.();
  });

  it('falls back from a stream that ends before its first part', async () => {
    const empty: ModelProvider = {
      name: 'empty',
      capabilities: { operations: ['generate'], generationModels: ['e'], locality: 'local', relativeCost: 0, streaming: true },
      health: async () => ({ available: true }),
      generate: async () => ({ model: 'e', text: '', finishReason: 'stop' }),
      async *stream() {},
    };
    const router = createPolicyRouter({ providers: [empty, scriptedProvider('backup', { streaming: true })], resilience: noRetry });
    const streamed = await router.stream(hello);
    expect(streamed.provider).toBe('backup');
    expect(streamed.attempts[0]?.error?.message).toBe('Model provider "empty" failed: its stream ended before its first part.');
  });

  it('skips a provider that declares streaming without a stream method', async () => {
    const liar = scriptedProvider('liar', { capabilitiesOverride: { streaming: true } });
    const router = createPolicyRouter({ providers: [liar] });
    const error = await expectCortexError(router.stream(hello), 'ROUTER_NO_PROVIDER');
    expect(problemsOf(error)).toEqual(['liar: excluded, declares streaming but has no stream method']);
  });

  it('stops at once when the caller aborts while waiting for the first part, without falling back', async () => {
    const controller = new AbortController();
    const slow = scriptedProvider('slow', { streaming: true, hang: true });
    const backup = scriptedProvider('backup', { streaming: true });
    const router = createPolicyRouter({ providers: [slow, backup], resilience: noRetry });
    const pending = router.stream(hello, { signal: controller.signal });
    const reason = new Error('caller left');
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
    expect(backup.calls).toBe(0);
  });
});
