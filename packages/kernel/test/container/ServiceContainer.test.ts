import { describe, expect, expectTypeOf, it } from 'vitest';
import { CortexError, createMultiToken, createToken } from '@cortex-os/kernel';
import { createServiceContainer } from '@cortex-os/kernel/internal';

const configToken = createToken<{ url: string }>('test.config');
const dbToken = createToken<{ url: string; id: number }>('test.db');
const requestToken = createToken<{ id: number }>('test.request');
const pluginsToken = createMultiToken<string>('test.plugins');

describe('createServiceContainer', () => {
  it('resolves singletons once and transients every time, with typed dependencies', () => {
    const container = createServiceContainer();
    let made = 0;
    container.bindValue(configToken, { url: 'sqlite://x' });
    container.bind({
      token: dbToken,
      deps: { config: configToken },
      factory: ({ config }) => {
        expectTypeOf(config).toEqualTypeOf<{ url: string }>();
        made += 1;
        return { url: config.url, id: made };
      },
    });
    container.bind({ token: requestToken, lifetime: 'transient', factory: () => ({ id: Math.random() }) });
    expect(container.get(dbToken)).toBe(container.get(dbToken));
    expect(made).toBe(1);
    expect(container.get(requestToken)).not.toBe(container.get(requestToken));
  });

  it('gives each scope its own scoped instances and disposes them with the scope', async () => {
    const container = createServiceContainer();
    const disposed: number[] = [];
    let next = 0;
    container.bind({ token: requestToken, lifetime: 'scoped', factory: () => ({ id: ++next }), dispose: (r) => void disposed.push(r.id) });
    const a = container.createScope();
    const b = container.createScope();
    expect(a.get(requestToken)).toBe(a.get(requestToken));
    expect(a.get(requestToken)).not.toBe(b.get(requestToken));
    expect(() => container.get(requestToken)).toThrow(
      'Cannot resolve token(test.request): it is scoped: resolve it from a scope (container.createScope()).',
    );
    await a.dispose();
    expect(disposed).toEqual([1]);
  });

  it('disposes singletons in reverse creation order, dependents before dependencies', async () => {
    const container = createServiceContainer();
    const order: string[] = [];
    container.bind({ token: configToken, factory: () => ({ url: 'u' }), dispose: () => void order.push('config') });
    container.bind({
      token: dbToken,
      deps: { config: configToken },
      factory: ({ config }) => ({ url: config.url, id: 1 }),
      dispose: () => void order.push('db'),
    });
    container.get(dbToken);
    await container.dispose();
    expect(order).toEqual(['db', 'config']);
  });

  it('resolves async factories through getAsync and explains the sync failure', async () => {
    const container = createServiceContainer();
    container.bind({ token: configToken, factory: async () => ({ url: 'async' }) });
    await expect(container.getAsync(configToken)).resolves.toEqual({ url: 'async' });
  });

  it('collects every provider of a multi token, and gives [] when there is none', () => {
    const container = createServiceContainer();
    expect(container.get(pluginsToken)).toEqual([]);
    container.bindValue(pluginsToken, 'a');
    container.bindValue(pluginsToken, 'b');
    expect(container.get(pluginsToken)).toEqual(['a', 'b']);
  });

  it('refuses a second binding of a single token and names unbound tokens', () => {
    const container = createServiceContainer();
    container.bindValue(configToken, { url: 'a' });
    expect(() => container.bindValue(configToken, { url: 'b' })).toThrow('token(test.config) is already bound');
    let thrown: unknown;
    try {
      container.get(dbToken);
    } catch (e) {
      thrown = e;
    }
    expect(CortexError.is(thrown, 'CONTAINER_TOKEN_UNBOUND')).toBe(true);
    expect((thrown as Error).message).toBe('Cannot resolve token(test.db): no plugin provides it.');
  });
});
