import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { CortexError, defineTool, toolResult } from '@cortex-os/kernel';
import { createToolRegistry } from '@cortex-os/kernel/internal';
import { createResilienceToolInterceptor } from '@cortex-os/kernel/resilience';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const refused = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

describe('createResilienceToolInterceptor', () => {
  it("opens a tool's breaker after repeated failures and refuses further calls with the tool named", async () => {
    const registry = createToolRegistry();
    const handler = vi.fn(async () => Promise.reject(refused()));
    registry.register(defineTool({ name: 'web.fetch', description: 'Fetches a page.', input: z.object({}), handler }));
    const interceptor = createResilienceToolInterceptor({ resilience: () => ({ breaker: { threshold: 2, halfOpenAfterMs: 1_000 } }) });
    registry.intercept(interceptor);
    for (let i = 0; i < 2; i++) await expect(registry.call('web.fetch', {})).rejects.toMatchObject({ code: 'TOOL_EXECUTION_FAILED' });
    const error = await registry.call('web.fetch', {}).catch((e: unknown) => e);
    expect(CortexError.is(error, 'RESILIENCE_CIRCUIT_OPEN')).toBe(true);
    expect((error as Error).message).toContain('Circuit breaker of "tool:web.fetch" is open after 2 consecutive failures');
    expect(handler).toHaveBeenCalledTimes(2);
    expect(interceptor.policy('web.fetch')?.state).toBe('open');
  });

  it('retries only tools annotated idempotent or read-only, since a retry runs the handler again', async () => {
    const registry = createToolRegistry();
    let reads = 0;
    let writes = 0;
    registry.register(
      defineTool({
        name: 'notes.read',
        description: 'Reads.',
        input: z.object({}),
        annotations: { readOnlyHint: true },
        handler: async () => {
          reads += 1;
          if (reads === 1) throw refused();
          return { ok: true };
        },
      }),
    );
    registry.register(
      defineTool({
        name: 'notes.write',
        description: 'Writes.',
        input: z.object({}),
        handler: async () => {
          writes += 1;
          throw refused();
        },
      }),
    );
    registry.intercept(createResilienceToolInterceptor({ resilience: () => ({ retry: { maxAttempts: 2, initialDelayMs: 10 } }) }));
    const read = registry.call('notes.read', {});
    await vi.advanceTimersByTimeAsync(20);
    await expect(read).resolves.toMatchObject({ structured: { ok: true } });
    expect(reads).toBe(2);
    await expect(registry.call('notes.write', {})).rejects.toMatchObject({ code: 'TOOL_EXECUTION_FAILED' });
    expect(writes).toBe(1);
  });

  it("applies the tool's output budget after the call", async () => {
    const registry = createToolRegistry();
    registry.register(
      defineTool({
        name: 'big',
        description: 'Big.',
        input: z.object({}),
        handler: () => toolResult({ content: [{ type: 'text', text: 'x'.repeat(4_000) }] }),
      }),
    );
    registry.register(
      defineTool({
        name: 'cut',
        description: 'Cut.',
        input: z.object({}),
        handler: () => toolResult({ content: [{ type: 'text', text: 'y'.repeat(4_000) }] }),
      }),
    );
    registry.intercept(
      createResilienceToolInterceptor({ budget: (tool) => ({ maxTokens: 200, onExceeded: tool.name === 'cut' ? 'truncate' : 'error' }) }),
    );
    await expect(registry.call('big', {})).rejects.toMatchObject({
      code: 'TOOL_OUTPUT_BUDGET_EXCEEDED',
      message: 'Tool "big" returned about 1000 tokens, over its budget of 200.',
    });
    const cut = await registry.call('cut', {});
    expect(cut.content.at(-1)).toMatchObject({ type: 'text', text: expect.stringMatching(/^\[truncated:/) });
  });

  it('times a tool out with RESILIENCE_TIMEOUT', async () => {
    const registry = createToolRegistry();
    registry.register(
      defineTool({ name: 'hang', description: 'Hangs.', input: z.object({}), handler: () => new Promise(() => undefined) }),
    );
    registry.intercept(createResilienceToolInterceptor({ resilience: () => ({ timeoutMs: 100 }) }));
    const pending = registry.call('hang', {}).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toMatchObject({
      code: 'RESILIENCE_TIMEOUT',
      message: '"tool:hang" did not finish within 100 ms and was cancelled.',
    });
  });
});
