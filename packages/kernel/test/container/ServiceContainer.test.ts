import { describe, expect, expectTypeOf, it } from 'vitest';
import { CortexError, KernelError, createMultiToken, createToken } from '@cortex-os/kernel';
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

  it('builds a transient afresh on every get, with its singleton dependencies built once', () => {
    const container = createServiceContainer();
    let configs = 0;
    let requests = 0;
    container.bind({ token: configToken, factory: () => ({ url: `u${++configs}` }) });
    container.bind({
      token: dbToken,
      lifetime: 'transient',
      deps: { config: configToken },
      factory: ({ config }) => ({ url: config.url, id: ++requests }),
    });
    const built = [1, 2, 3].map(() => container.get(dbToken));
    expect(built).toEqual([
      { url: 'u1', id: 1 },
      { url: 'u1', id: 2 },
      { url: 'u1', id: 3 },
    ]);
    expect(configs).toBe(1);
    expect(container.get(configToken)).toEqual({ url: 'u1' });
  });

  it('gives a transient the multi providers bound when it is resolved', () => {
    const container = createServiceContainer();
    const listToken = createToken<readonly string[]>('test.list');
    container.bind({ token: listToken, lifetime: 'transient', deps: { plugins: pluginsToken }, factory: ({ plugins }) => [...plugins] });
    expect(container.get(listToken)).toEqual([]);
    container.bindValue(pluginsToken, 'a');
    expect(container.get(listToken)).toEqual(['a']);
    expect(container.get(listToken)).not.toBe(container.get(listToken));
  });

  it('resolves a transient of the root inside a scope with the scoped instances of that scope', () => {
    const container = createServiceContainer();
    let next = 0;
    container.bind({ token: requestToken, lifetime: 'scoped', factory: () => ({ id: ++next }) });
    const viewToken = createToken<{ request: number }>('test.view');
    container.bind({
      token: viewToken,
      lifetime: 'transient',
      deps: { request: requestToken },
      factory: ({ request }) => ({ request: request.id }),
    });
    const a = container.createScope();
    const b = container.createScope();
    expect([a.get(viewToken), a.get(viewToken), b.get(viewToken)]).toEqual([{ request: 1 }, { request: 1 }, { request: 2 }]);
    expect(a.get(viewToken)).not.toBe(a.get(viewToken));
    expect(() => container.get(viewToken)).toThrow('Cannot resolve token(test.view): its factory is async or failed');
  });

  it('explains a transient that is async or fails, every time, and keeps kernel errors as they are', async () => {
    const container = createServiceContainer();
    container.bind({ token: configToken, lifetime: 'transient', factory: async () => ({ url: 'later' }) });
    for (let i = 0; i < 2; i++) {
      expect(() => container.get(configToken)).toThrow(
        'Cannot resolve token(test.config): its factory is async or failed: use getAsync(), or read the cause.',
      );
    }
    await expect(container.getAsync(configToken)).resolves.toEqual({ url: 'later' });
    const failure = new TypeError('no database');
    container.bind({
      token: dbToken,
      lifetime: 'transient',
      factory: () => {
        throw failure;
      },
    });
    for (let i = 0; i < 2; i++) {
      let thrown: unknown;
      try {
        container.get(dbToken);
      } catch (e) {
        thrown = e;
      }
      expect(CortexError.is(thrown, 'CONTAINER_TOKEN_UNBOUND')).toBe(true);
      expect((thrown as Error).cause).toBe(failure);
    }
    const own = createToken<unknown>('test.own');
    const kernelError = new KernelError('CONTAINER_BINDING_INVALID', 'own error');
    container.bind({
      token: own,
      lifetime: 'transient',
      factory: () => {
        throw kernelError;
      },
    });
    expect(() => container.get(own)).toThrow(kernelError);
  });

  it('resolves nothing once disposed', async () => {
    const container = createServiceContainer();
    container.bind({ token: requestToken, lifetime: 'transient', factory: () => ({ id: 1 }) });
    const scope = container.createScope();
    expect(scope.get(requestToken)).toEqual({ id: 1 });
    await container.dispose();
    expect(() => container.get(requestToken)).toThrow('Cannot resolve token(test.request)');
    expect(() => container.createScope()).toThrow('has been disposed');
  });
});
