import { describe, expect, it } from 'vitest';
import { CortexError, type KernelAggregateError } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import { collectModelStream, type ModelStreamPart, type ModelToolDefinition } from '@cortex-os/kernel/router';
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
});
