import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDisposer, createKernel, definePrompt, defineResource, defineTool, type Disposer } from '@cortex-os/kernel';
import { createResiliencePolicy } from '@cortex-os/kernel/resilience';
import { z } from 'zod';
import { silentLogger } from '../support/silentLogger.js';

describe('createDisposer', () => {
  it('runs the undo once, however often and however it is called or disposed', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (viaDispose) => {
        let undone = 0;
        const dispose = createDisposer(() => void (undone += 1));
        for (const symbol of viaDispose) {
          if (symbol) dispose[Symbol.dispose]();
          else dispose();
        }
        expect(undone).toBe(1);
      }),
    );
  });

  it('works with a DisposableStack, which disposes in reverse order', () => {
    const order: string[] = [];
    const stack = new DisposableStack();
    stack.use(createDisposer(() => order.push('first')));
    stack.use(createDisposer(() => order.push('second')));
    stack.dispose();
    expect(order).toEqual(['second', 'first']);
  });
});

const echo = defineTool({
  name: 'echo',
  description: 'Echoes its input.',
  input: z.object({ text: z.string() }),
  output: z.object({ text: z.string() }),
  handler: ({ text }) => ({ text }),
});
const readme = defineResource({ uri: 'docs://readme', name: 'readme', read: () => 'hello' });
const greet = definePrompt({ name: 'greet', render: () => [{ role: 'user', content: { type: 'text', text: 'Hello' } }] });

/** Disposes twice, once each way. */
function disposeTwice(disposer: Disposer): void {
  const stack = new DisposableStack();
  stack.use(disposer);
  stack.dispose();
  disposer();
}

describe('one disposer shape for every registration and listener', () => {
  it('undoes tool, resource and prompt registrations once, even after the name was registered again', () => {
    const kernel = createKernel({ plugins: [], logger: silentLogger() });
    const tool = kernel.tools.register(echo);
    const resource = kernel.resources.register(readme);
    const prompt = kernel.prompts.register(greet);
    disposeTwice(tool);
    disposeTwice(resource);
    disposeTwice(prompt);
    expect([kernel.tools.has('echo'), kernel.resources.list().length, kernel.prompts.has('greet')]).toEqual([false, 0, false]);

    // A stale disposer never removes a later registration of the same name.
    kernel.tools.register(echo);
    tool();
    expect(kernel.tools.has('echo')).toBe(true);
  });

  it('ends change listeners and interceptors on the first disposal', async () => {
    const kernel = createKernel({ plugins: [], logger: silentLogger() });
    const seen: string[] = [];
    const listeners = [
      kernel.tools.onChange(() => seen.push('tools')),
      kernel.resources.onChange(() => seen.push('resources')),
      kernel.resources.onUpdated(() => seen.push('updated')),
      kernel.prompts.onChange(() => seen.push('prompts')),
      kernel.tools.intercept({
        name: 'spy',
        intercept: (_call, next) => {
          seen.push('intercepted');
          return next();
        },
      }),
    ];
    for (const listener of listeners) disposeTwice(listener);
    kernel.tools.register(echo);
    kernel.resources.register(readme);
    kernel.resources.notifyUpdated('docs://readme');
    kernel.prompts.register(greet);
    await expect(kernel.tools.call('echo', { text: 'hi' })).resolves.toMatchObject({ structured: { text: 'hi' } });
    expect(seen).toEqual([]);
  });

  it('ends a resilience policy listener', async () => {
    const policy = createResiliencePolicy({ name: 'upstream', breaker: { threshold: 1, halfOpenAfterMs: 60_000 } });
    const changes: string[] = [];
    disposeTwice(policy.onStateChange((change) => changes.push(change.to)));
    await policy.execute(() => Promise.reject(new Error('ECONNREFUSED'))).catch(() => undefined);
    expect(policy.state).toBe('open');
    expect(changes).toEqual([]);
  });
});
