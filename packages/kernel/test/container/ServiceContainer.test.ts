import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { CortexError, KernelError, createMultiToken, createToken } from '@cortex-os/kernel';
import { createServiceContainer, type ServiceResolver } from '@cortex-os/kernel/internal';

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

  describe('a transient resolved without inversify gives what inversify gives', () => {
    /** What a transient's factory does; each kind is one way a factory can end. */
    const endings = {
      value: (n: number) => ({ n }),
      undefined: () => undefined,
      null: () => null,
      'a function': () => Math.max,
      primitive: (n: number) => n,
      'throws an Error': (n: number) => {
        throw new TypeError(`broken ${n}`);
      },
      'throws a kernel error': (n: number) => {
        throw new KernelError('CONTAINER_BINDING_INVALID', `own ${n}`);
      },
      'throws a string': (n: number) => {
        throw `thrown ${n}`;
      },
      'returns a promise': (n: number) => Promise.resolve({ n }),
      // biome-ignore lint/suspicious/noThenProperty: a thenable that is not a Promise is the case under test
      'returns a thenable': (n: number) => ({ then: (resolve: (v: number) => void) => resolve(n) }),
      // biome-ignore lint/suspicious/noThenProperty: a thenable function is the case under test
      'returns a thenable function': (n: number) => Object.assign(() => n, { then: (resolve: (v: number) => void) => resolve(n) }),
    } as const;
    type Ending = keyof typeof endings;
    /** How the transient is reached: through inversify, or through the precomputed path of the root or of a scope. */
    const routes = ['inversify (scope older than the binding)', 'root', 'scope', 'root, dependency not built yet'] as const;

    /** Everything a caller can observe of one get: the value, or the error's class, code, message, details and cause. */
    function observe(resolver: ServiceResolver, token: typeof transientToken): unknown {
      try {
        return { value: resolver.get(token) };
      } catch (error) {
        const e = error as Error & { code?: string; details?: unknown; kind?: unknown };
        const cause = e.cause as (Error & { kind?: unknown }) | string | undefined;
        return {
          error: e.constructor.name,
          code: e.code,
          message: e.message,
          details: e.details,
          cause: cause instanceof Error ? [cause.constructor.name, cause.message, cause.kind] : cause,
        };
      }
    }

    const transientToken = createToken<unknown>('test.transient');
    const singletonToken = createToken<{ id: number }>('test.singleton');

    /** A container with the transient (optionally depending on a singleton); returns what each get saw and how many builds ran. */
    function resolveVia(route: (typeof routes)[number], ending: Ending, withDependency: boolean) {
      const container = createServiceContainer();
      let builds = 0;
      let singletons = 0;
      container.bind({ token: singletonToken, factory: () => ({ id: ++singletons }) });
      const older = container.createScope();
      const factory = (deps: { singleton?: { id: number } }): never => {
        builds += 1;
        return endings[ending](deps.singleton?.id ?? 0) as never;
      };
      if (withDependency) container.bind({ token: transientToken, lifetime: 'transient', deps: { singleton: singletonToken }, factory });
      else container.bind({ token: transientToken, lifetime: 'transient', factory });
      const resolver: ServiceResolver =
        route === 'inversify (scope older than the binding)' ? older : route === 'scope' ? container.createScope() : container;
      if (route !== 'root, dependency not built yet') resolver.get(singletonToken);
      const seen = [observe(resolver, transientToken), observe(resolver, transientToken)];
      // The singleton is the same one, and built once, whichever route built it first.
      expect(resolver.get(singletonToken)).toEqual({ id: 1 });
      return { seen, builds, singletons };
    }

    it('for every way a factory ends, on every route, with or without a dependency', () => {
      fc.assert(
        fc.property(fc.constantFrom(...(Object.keys(endings) as Ending[])), fc.boolean(), (ending, withDependency) => {
          const [reference, ...others] = routes.map((route) => resolveVia(route, ending, withDependency));
          expect(reference?.builds).toBe(2);
          expect(reference?.singletons).toBe(1);
          for (const other of others) expect(other).toStrictEqual(reference);
        }),
        { numRuns: 40 },
      );
    });

    it("refuses an async transient with inversify's own error", () => {
      const { seen } = resolveVia('root', 'returns a promise', false);
      expect(seen[0]).toStrictEqual({
        error: 'KernelError',
        code: 'CONTAINER_TOKEN_UNBOUND',
        message: 'Cannot resolve token(test.transient): its factory is async or failed: use getAsync(), or read the cause.',
        details: { token: 'test.transient' },
        cause: ['InversifyContainerError', expect.stringContaining('Unexpected asynchronous service'), expect.anything()],
      });
    });

    it('builds a dependency inversify built for the transient only once, and takes the path afterwards', () => {
      const container = createServiceContainer();
      let singletons = 0;
      container.bind({ token: singletonToken, factory: () => ({ id: ++singletons }) });
      container.bind({
        token: transientToken,
        lifetime: 'transient',
        deps: { singleton: singletonToken },
        factory: ({ singleton }) => ({ singleton }),
      });
      const first = container.get(transientToken) as { singleton: { id: number } };
      const second = container.get(transientToken) as { singleton: { id: number } };
      expect(first).not.toBe(second);
      expect(second.singleton).toBe(first.singleton);
      expect(container.get(singletonToken)).toBe(first.singleton);
      expect(singletons).toBe(1);
    });

    it('keeps a transient that depends on another transient going through inversify, fresh each time', () => {
      const container = createServiceContainer();
      let inner = 0;
      container.bind({ token: configToken, lifetime: 'transient', factory: () => ({ url: `u${++inner}` }) });
      container.bind({
        token: dbToken,
        lifetime: 'transient',
        deps: { config: configToken },
        factory: ({ config }) => ({ url: config.url, id: inner }),
      });
      expect([container.get(dbToken), container.get(dbToken)]).toEqual([
        { url: 'u1', id: 1 },
        { url: 'u2', id: 2 },
      ]);
    });

    it('refuses, as before, in a scope that outlives its disposed root', async () => {
      const container = createServiceContainer();
      container.bind({ token: requestToken, lifetime: 'transient', factory: () => ({ id: 1 }) });
      const scope = container.createScope();
      expect(scope.get(requestToken)).toEqual({ id: 1 });
      await container.dispose();
      expect(() => scope.get(requestToken)).toThrow('Cannot resolve token(test.request): no plugin provides it.');
    });
  });
});
