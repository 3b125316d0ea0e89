import { describe, expect, it, vi } from 'vitest';
import { CortexError, KernelAggregateError, KernelError } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import type { RouterEvent } from '@cortex-os/kernel/router';
import { createFakeClock, rejectionOf } from '@cortex-os/kernel/testing';
import { scriptedProvider } from './scriptedProvider.js';
import { useFakeTimersAt } from '../support/useFakeTimersAt.js';

const hello = [{ role: 'user' as const, content: 'hello' }];
const noRetry = { breaker: { threshold: 5, halfOpenAfterMs: 30_000 }, timeoutMs: 5_000, retry: false } as const;

useFakeTimersAt('2026-01-01T00:00:00.000Z');

describe('createPolicyRouter generate', () => {
  it('serves from the first eligible provider and says so', async () => {
    const router = createPolicyRouter({ providers: [scriptedProvider('mlx'), scriptedProvider('ollama')] });
    const result = await router.generate(hello);
    expect(result).toMatchObject({ provider: 'mlx', fellBack: false, model: 'model-of-mlx', text: 'hi from mlx' });
    expect(result.attempts).toHaveLength(1);
    expect(result.attempts[0]).not.toHaveProperty('error');
  });

  it('falls back to the next provider, recording every attempt with its error and time, and emits router.fallback', async () => {
    const clock = createFakeClock(1_700_000_000_000);
    const events: RouterEvent[] = [];
    const mlx = scriptedProvider('mlx', { fail: true });
    const router = createPolicyRouter({
      providers: [mlx, scriptedProvider('ollama')],
      clock,
      resilience: noRetry,
      onEvent: (e) => events.push(e),
    });
    const result = await router.generate(hello);
    expect(result.provider).toBe('ollama');
    expect(result.fellBack).toBe(true);
    expect(result.attempts.map((a) => [a.provider, a.error?.message, a.startedAt])).toEqual([
      ['mlx', 'mlx is down', clock.now()],
      ['ollama', undefined, clock.now()],
    ]);
    expect(events).toEqual([
      {
        type: 'router.fallback',
        time: clock.now(),
        data: {
          operation: 'generate',
          from: 'mlx',
          to: 'ollama',
          code: 'PROVIDER_UNAVAILABLE',
          reason: 'mlx is down',
          model: 'model-of-ollama',
        },
      },
    ]);
  });

  it('throws ROUTER_NO_PROVIDER listing each provider and why when none can serve', async () => {
    const router = createPolicyRouter({
      providers: [
        scriptedProvider('mlx', { fail: true }),
        scriptedProvider('openai', { locality: 'remote', relativeCost: 5 }),
        scriptedProvider('embedder', { embeddingModel: 'hashing-384' }),
      ],
      resilience: noRetry,
      policy: { localOnly: true },
    });
    const error = await rejectionOf(router.generate(hello));
    expect(error).toBeInstanceOf(KernelAggregateError);
    expect(CortexError.is(error, 'ROUTER_NO_PROVIDER')).toBe(true);
    expect((error as Error).message).toMatchInlineSnapshot(`
      "No provider could generate:
        - [PROVIDER_UNAVAILABLE] mlx: mlx is down
        - [ROUTER_NO_PROVIDER] openai: excluded, is remote and the policy is localOnly
        - [ROUTER_NO_PROVIDER] embedder: excluded, does not generate"
    `);
  });

  it('lets a request narrow but never lift a runtime localOnly policy', async () => {
    const openai = scriptedProvider('openai', { locality: 'remote' });
    const router = createPolicyRouter({ providers: [openai], policy: { localOnly: true } });
    await expect(router.generate(hello, { policy: { localOnly: false } })).rejects.toMatchObject({ code: 'ROUTER_NO_PROVIDER' });
    expect(openai.calls).toBe(0);
  });

  it('orders by preferLocal, explicit order, and filters by cost ceiling and context length', async () => {
    const remote = scriptedProvider('openai', { locality: 'remote', relativeCost: 10, contextLength: 128_000 });
    const local = scriptedProvider('ollama', { contextLength: 8_192 });
    const router = createPolicyRouter({ providers: [remote, local] });
    expect((await router.generate(hello)).provider).toBe('openai');
    expect((await router.generate(hello, { policy: { preferLocal: true } })).provider).toBe('ollama');
    expect((await router.generate(hello, { policy: { maxRelativeCost: 1 } })).provider).toBe('ollama');
    expect((await router.generate(hello, { policy: { preferLocal: true, requires: { contextLength: 32_000 } } })).provider).toBe('openai');
    expect((await router.generate(hello, { policy: { order: ['ollama', 'openai'] } })).provider).toBe('ollama');
    const error = await rejectionOf(router.generate(hello, { policy: { order: ['ghost'] } }));
    expect((error as KernelAggregateError).problems.map((p) => p.message)).toEqual([
      'ghost: excluded, named in the policy order but not registered',
      'openai: excluded, not named in the policy order',
      'ollama: excluded, not named in the policy order',
    ]);
  });

  it('falls back across models unless forbidden, and names the model that answered', async () => {
    const big = scriptedProvider('big', { generationModels: ['llama-70b'], fail: true });
    const small = scriptedProvider('small', { generationModels: ['llama-8b', 'qwen-7b'] });
    const router = createPolicyRouter({ providers: [small, big], resilience: noRetry });
    const result = await router.generate(hello, { model: 'llama-70b' });
    expect(result).toMatchObject({ provider: 'small', model: 'llama-8b', fellBack: true });
    expect(result.attempts.map((a) => [a.provider, a.model])).toEqual([
      ['big', 'llama-70b'],
      ['small', 'llama-8b'],
    ]);
    await expect(router.generate(hello, { model: 'llama-70b', policy: { allowModelFallback: false } })).rejects.toMatchObject({
      code: 'ROUTER_NO_PROVIDER',
      message: expect.stringContaining('small: excluded, does not serve model "llama-70b" and model fallback is off'),
    });
    expect((await router.generate(hello, { model: 'qwen-7b' })).model).toBe('qwen-7b');
  });

  it('does not fall back after tokens were streamed, so none are repeated', async () => {
    const first = scriptedProvider('first');
    const second = scriptedProvider('second');
    first.generate = async (_m, options) => {
      options?.onToken?.('par');
      throw new KernelError('PROVIDER_REQUEST_FAILED', 'connection dropped', { details: { status: 503 } });
    };
    const tokens: string[] = [];
    const router = createPolicyRouter({ providers: [first, second] });
    const error = await rejectionOf(router.generate(hello, { onToken: (t) => tokens.push(t) }));
    expect(error).toMatchObject({ code: 'PROVIDER_REQUEST_FAILED', details: { streamed: true } });
    expect(tokens).toEqual(['par']);
    expect(second.calls).toBe(0);
  });

  it("stops at once with the caller's reason when the caller aborts", async () => {
    const hanging = scriptedProvider('hanging', { hang: true });
    const other = scriptedProvider('other');
    const router = createPolicyRouter({ providers: [hanging, other] });
    const controller = new AbortController();
    const reason = new Error('user left');
    const pending = rejectionOf(router.generate(hello, { signal: controller.signal }));
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(other.calls).toBe(0);
    expect(router.circuitState('hanging')).toBe('closed');
  });

  it('bounds the whole routed call by the latency budget without blaming the provider', async () => {
    const slow = scriptedProvider('slow', { hang: true });
    const next = scriptedProvider('next');
    const router = createPolicyRouter({ providers: [slow, next], resilience: { ...noRetry, breaker: { threshold: 1 } } });
    const pending = rejectionOf(router.generate(hello, { policy: { latencyBudgetMs: 200 } }));
    await vi.advanceTimersByTimeAsync(200);
    const error = (await pending) as KernelAggregateError;
    expect(error.code).toBe('ROUTER_NO_PROVIDER');
    expect(error.problems.map((p) => `[${p.code}] ${p.message}`)).toEqual([
      '[RESILIENCE_TIMEOUT] slow: The latency budget of 200 ms was used up while "slow" was answering.',
      '[ROUTER_NO_PROVIDER] next: not tried: the latency budget of 200 ms was used up',
    ]);
    expect(router.circuitState('slow')).toBe('closed');
  });

  it('retries a 429 within its provider when Retry-After is short, and falls back at once when it is long', async () => {
    const limited = scriptedProvider('limited');
    const backup = scriptedProvider('backup');
    let retryAfterMs = 500;
    limited.failWith = () => {
      limited.failWith = undefined;
      return new KernelError('PROVIDER_REQUEST_FAILED', 'rate limited', { details: { status: 429, retryAfterMs } });
    };
    const router = createPolicyRouter({ providers: [limited, backup] });
    const first = router.generate(hello);
    await vi.advanceTimersByTimeAsync(500);
    expect(await first).toMatchObject({ provider: 'limited', fellBack: false });
    expect(limited.calls).toBe(2);
    retryAfterMs = 60_000;
    limited.failWith = () => new KernelError('PROVIDER_REQUEST_FAILED', 'rate limited', { details: { status: 429, retryAfterMs } });
    expect(await router.generate(hello)).toMatchObject({ provider: 'backup', fellBack: true });
    expect(limited.calls).toBe(3);
  });
});

describe('createPolicyRouter circuit breakers and health', () => {
  it('opens a failing provider’s breaker, skips it without calling, and closes it after a good probe', async () => {
    const events: RouterEvent[] = [];
    const mlx = scriptedProvider('mlx', { fail: true });
    const ollama = scriptedProvider('ollama');
    const router = createPolicyRouter({ providers: [mlx, ollama], resilience: noRetry, onEvent: (e) => events.push(e) });
    const [indicator] = router.healthIndicators;
    expect(indicator).toMatchObject({ name: 'router.mlx:availability', critical: false });
    for (let i = 0; i < 5; i++) await router.generate(hello);
    expect(router.circuitState('mlx')).toBe('open');
    const skipped = await router.generate(hello);
    expect(mlx.calls).toBe(5);
    expect(skipped.attempts[0]?.error).toMatchObject({ code: 'RESILIENCE_CIRCUIT_OPEN' });
    expect(await indicator?.check(new AbortController().signal)).toMatchObject({
      status: 'fail',
      output: 'circuit breaker is open after repeated failures (last: mlx is down); requests fall back to other providers',
    });

    mlx.fail = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect((await router.generate(hello)).provider).toBe('mlx');
    expect(events.filter((e) => e.type.startsWith('provider.circuit')).map((e) => e.type)).toEqual([
      'provider.circuit.opened',
      'provider.circuit.half_opened',
      'provider.circuit.closed',
    ]);
    expect(events.find((e) => e.type === 'provider.circuit.opened')?.data).toEqual({
      provider: 'mlx',
      from: 'closed',
      to: 'open',
      reason: 'mlx is down',
    });
    expect(await indicator?.check(new AbortController().signal)).toMatchObject({ status: 'pass' });
  });

  it("reports a provider's own unavailability through its health indicator", async () => {
    const router = createPolicyRouter({ providers: [scriptedProvider('mlx', { available: false })] });
    expect(await router.healthIndicators[0]?.check(new AbortController().signal)).toEqual({
      status: 'fail',
      componentType: 'component',
      output: 'mlx is switched off',
    });
  });

  it('restores breaker states from toJSON', async () => {
    const mlx = scriptedProvider('mlx', { fail: true });
    const router = createPolicyRouter({ providers: [mlx, scriptedProvider('ollama')], resilience: noRetry });
    for (let i = 0; i < 5; i++) await router.generate(hello);
    const snapshot = JSON.parse(JSON.stringify(router.toJSON())) as ReturnType<typeof router.toJSON>;
    const restored = createPolicyRouter({
      providers: [scriptedProvider('mlx'), scriptedProvider('ollama')],
      resilience: noRetry,
      initialState: snapshot,
    });
    expect(restored.circuitState('mlx')).toBe('open');
    expect(restored.circuitState('ollama')).toBe('closed');
    expect((await restored.generate(hello)).provider).toBe('ollama');
  });

  it('rejects two providers with one name', () => {
    expect(() => createPolicyRouter({ providers: [scriptedProvider('a'), scriptedProvider('a')] })).toThrow(
      'Two model providers are named "a"',
    );
    expect(() => createPolicyRouter({ providers: [scriptedProvider('a'), scriptedProvider('a')] })).toThrow(
      expect.objectContaining({ code: 'ROUTER_PROVIDER_DUPLICATE', details: { provider: 'a' } }),
    );
    expect(() => createPolicyRouter({ providers: [scriptedProvider('b')] }).circuitState('x')).toThrow(
      expect.objectContaining({
        code: 'ROUTER_PROVIDER_UNKNOWN',
        message: 'No model provider named "x" is registered; known: b.',
      }),
    );
  });
});

describe('createPolicyRouter embed', () => {
  it('pins the model and falls back only between providers of that model', async () => {
    const mlx = scriptedProvider('mlx-bge', { embeddingModel: 'bge-small', fail: true });
    const other = scriptedProvider('hashing', { embeddingModel: 'hashing-384' });
    const ollama = scriptedProvider('ollama-bge', { embeddingModel: 'bge-small', locality: 'remote' });
    const router = createPolicyRouter({ providers: [mlx, other, ollama], resilience: noRetry });
    const result = await router.embed(['a', 'b'], { model: 'bge-small' });
    expect(result).toMatchObject({ model: 'bge-small', provider: 'ollama-bge', fellBack: true });
    expect(result.vectors).toHaveLength(2);
    expect(result.attempts.map((a) => a.provider)).toEqual(['mlx-bge', 'ollama-bge']);
    expect(other.calls).toBe(0);
  });

  it('throws ROUTER_MODEL_UNAVAILABLE, not another model, when no provider of the pinned model can serve', async () => {
    const router = createPolicyRouter({
      providers: [
        scriptedProvider('mlx-bge', { embeddingModel: 'bge-small', fail: true }),
        scriptedProvider('hashing', { embeddingModel: 'hashing-384' }),
      ],
      resilience: noRetry,
    });
    const error = await rejectionOf(router.embed(['a'], { model: 'bge-small' }));
    expect(CortexError.is(error, 'ROUTER_MODEL_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toMatchInlineSnapshot(`
      "No provider could embed with model "bge-small" (embeddings never mix models; the caller may degrade, e.g. to keyword search):
        - [PROVIDER_UNAVAILABLE] mlx-bge: mlx-bge is down
        - [ROUTER_MODEL_UNAVAILABLE] hashing: excluded, serves embedding model "hashing-384", not "bge-small""
    `);
  });

  it('pins unpinned requests to the runtime embedding model, else to the first eligible provider’s model', async () => {
    const providers = [
      scriptedProvider('hashing', { embeddingModel: 'hashing-384' }),
      scriptedProvider('bge', { embeddingModel: 'bge-small' }),
    ];
    expect((await createPolicyRouter({ providers }).embed(['a'])).model).toBe('hashing-384');
    expect((await createPolicyRouter({ providers, embeddingModel: 'bge-small' }).embed(['a'])).model).toBe('bge-small');
  });

  it('discards vectors a provider labels with another model', async () => {
    const liar = scriptedProvider('liar', { embeddingModel: 'bge-small', answerModel: 'hashing-384' });
    const honest = scriptedProvider('honest', { embeddingModel: 'bge-small' });
    const result = await createPolicyRouter({ providers: [liar, honest], resilience: noRetry }).embed(['a']);
    expect(result.provider).toBe('honest');
    expect(result.attempts[0]?.error?.message).toBe(
      '"liar" answered with embedding model "hashing-384" instead of "bge-small"; its vectors were discarded so models never mix.',
    );
  });

  it('excludes embedders that cannot take the input modality', async () => {
    const router = createPolicyRouter({ providers: [scriptedProvider('text-only', { embeddingModel: 'clip' })] });
    const error = await rejectionOf(router.embed([{ modality: 'image', data: new Uint8Array([1]), mediaType: 'image/png' }]));
    expect((error as KernelAggregateError).problems.map((p) => p.message)).toEqual(['text-only: excluded, cannot embed image']);
    expect(CortexError.is(error, 'ROUTER_NO_PROVIDER')).toBe(true);
  });
});
