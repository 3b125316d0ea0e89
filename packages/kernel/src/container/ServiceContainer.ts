import 'reflect-metadata/lite';
import { Container } from 'inversify';
import { CortexError } from '../errors/CortexError.js';
import { KernelError } from '../errors/KernelError.js';
import { tokenKey, type AnyToken, type TokenContribution, type TokenValue } from './Token.js';

/**
 * How long a bound service lives.
 * - `singleton`: one instance per container, disposed when the container is.
 * - `transient`: a new instance on every resolution; the caller owns it.
 * - `scoped`: one instance per scope (e.g. per HTTP request), disposed with the scope.
 * @public
 */
export type ServiceLifetime = 'singleton' | 'transient' | 'scoped';

/**
 * A record of named tokens a factory depends on.
 * @public
 */
export type ServiceDependencies = Readonly<Record<string, AnyToken>>;

/**
 * The resolved instances of a {@link ServiceDependencies} record, typed per key.
 * @public
 */
export type ResolvedDependencies<D extends ServiceDependencies> = { readonly [K in keyof D]: TokenValue<D[K]> };

/**
 * A factory binding: the token it provides, what it needs, and how to build and dispose it.
 * @public
 */
export interface ServiceBinding<K extends AnyToken, D extends ServiceDependencies = Record<never, never>> {
  /** The token this binding provides. */
  readonly token: K;
  /**
   * How long a built value lives.
   * @defaultValue `'singleton'`
   */
  readonly lifetime?: ServiceLifetime;
  /**
   * The tokens the factory needs, by name; the factory receives them resolved under the same names.
   * @defaultValue `{}` (no dependencies)
   */
  readonly deps?: D;
  /** Builds the value from the resolved dependencies; an async factory must be resolved with `getAsync`. */
  readonly factory: (deps: ResolvedDependencies<D>) => TokenContribution<K> | Promise<TokenContribution<K>>;
  /** Called on container (or scope) disposal for singleton and scoped instances, in reverse creation order. */
  readonly dispose?: (value: TokenContribution<K>) => void | Promise<void>;
}

/**
 * Resolves typed tokens. Both the root container and each scope implement it.
 * @public
 */
export interface ServiceResolver {
  /**
   * Resolves a token synchronously.
   * @throws {@link KernelError} `CONTAINER_TOKEN_UNBOUND` when nothing provides the token,
   * or when its factory is async and has not been resolved yet (use {@link ServiceResolver.getAsync}).
   */
  get<K extends AnyToken>(token: K): TokenValue<K>;
  /** Resolves a token whose factory may be async. */
  getAsync<K extends AnyToken>(token: K): Promise<TokenValue<K>>;
  /** True when something provides the token here (or in a parent). */
  has(token: AnyToken): boolean;
}

/**
 * A child scope: scoped services live and die with it.
 * @public
 */
export interface ServiceScope extends ServiceResolver, AsyncDisposable {
  /** Disposes scoped instances in reverse creation order. Idempotent. */
  dispose(): Promise<void>;
}

/**
 * The kernel's DI container: typed bindings over inversify, scopes, and ordered disposal.
 * @public
 */
export interface ServiceContainer extends ServiceResolver, AsyncDisposable {
  /**
   * Binds a factory.
   * @throws {@link KernelError} `CONTAINER_BINDING_INVALID` when a single token is bound twice.
   */
  bind<K extends AnyToken, D extends ServiceDependencies = Record<never, never>>(binding: ServiceBinding<K, D>): void;
  /** Binds a ready value (a singleton the container does not build). */
  bindValue<K extends AnyToken>(
    token: K,
    value: TokenContribution<K>,
    dispose?: (value: TokenContribution<K>) => void | Promise<void>,
  ): void;
  /** Opens a child scope in which `scoped` bindings get their own instances. */
  createScope(): ServiceScope;
  /** Disposes singletons in reverse creation order (so dependents go before their dependencies). Idempotent. */
  dispose(): Promise<void>;
}

interface Disposal {
  readonly token: AnyToken;
  readonly run: () => void | Promise<void>;
}

type AnyBinding = ServiceBinding<AnyToken, ServiceDependencies>;

/**
 * How a transient single-token binding is built without inversify's planner: its factory and
 * its dependencies' names and tokens. Used only when every dependency is a singleton already
 * built in the resolving container; anything else (multi tokens, unbuilt or async
 * dependencies) goes through inversify, which reports errors as it always did. A plain record
 * on purpose: it is read on a hot path and never leaves this module.
 */
class TransientPath {
  readonly factory: (deps: Record<string, unknown>) => unknown;
  readonly depNames: readonly string[];
  readonly depTokens: readonly AnyToken[];
  /** The dependencies' container keys, read once here rather than on every resolution. */
  readonly depKeys: readonly symbol[];
  /** Set when the root container is disposed: scopes that outlive it then ask inversify, which refuses, as before. */
  retired = false;

  constructor(factory: TransientPath['factory'], depNames: readonly string[], depTokens: readonly AnyToken[]) {
    this.factory = factory;
    this.depNames = depNames;
    this.depTokens = depTokens;
    this.depKeys = depTokens.map(tokenKey);
  }
}

/** inversify's test for an async value (a thenable), which a synchronous get refuses. */
function isThenable(value: unknown): boolean {
  return (
    ((typeof value === 'object' && value !== null) || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  );
}

/**
 * The error inversify throws when a synchronous get of `key` meets an async value, asked of a
 * throwaway container so that its class, kind and words stay inversify's own. Only on an error path.
 */
function unexpectedAsyncError(key: symbol): unknown {
  const probe = new Container();
  probe.bind(key).toConstantValue(Promise.resolve());
  try {
    return probe.get(key);
  } catch (error) {
    return error;
  }
}

const NO_DEPENDENCIES: Readonly<Record<string, never>> = Object.freeze({});

/**
 * Creates an empty {@link ServiceContainer}.
 * @example
 * ```ts
 * const container = createServiceContainer();
 * container.bind({ token: clockToken, factory: () => ({ now: () => Date.now() }) });
 * container.get(clockToken).now();
 * ```
 * @public
 */
export function createServiceContainer(): ServiceContainer {
  return new InversifyServiceContainer(new Container(), undefined);
}

class InversifyServiceContainer implements ServiceContainer, ServiceScope {
  readonly #inversify: Container;
  readonly #parent: InversifyServiceContainer | undefined;
  readonly #boundSingleTokens = new Set<string>();
  readonly #scopedBindings: AnyBinding[];
  readonly #disposals: Disposal[] = [];
  /**
   * Singletons already built and transient paths, by token key: the hot path skips inversify's
   * planner for them with one lookup.
   */
  readonly #resolved = new Map<symbol, unknown>();
  readonly #singletonKeys: Set<symbol>;
  /** Every transient path, shared by the root and its scopes (transients are bound on the root only). */
  readonly #transients: Map<symbol, TransientPath>;
  #disposed: Promise<void> | undefined;

  constructor(inversify: Container, parent: InversifyServiceContainer | undefined) {
    this.#inversify = inversify;
    this.#parent = parent;
    this.#scopedBindings = parent === undefined ? [] : parent.#scopedBindings;
    this.#singletonKeys = parent === undefined ? new Set() : new Set(parent.#singletonKeys);
    this.#transients = parent === undefined ? new Map() : parent.#transients;
    for (const [key, path] of this.#transients) this.#resolved.set(key, path);
  }

  bind<K extends AnyToken, D extends ServiceDependencies>(binding: ServiceBinding<K, D>): void {
    this.#assertOpen();
    this.#claim(binding.token);
    const lifetime = binding.lifetime ?? 'singleton';
    if (lifetime === 'scoped') {
      this.#scopedBindings.push(binding as unknown as AnyBinding);
      return;
    }
    this.#bindInto(this.#inversify, binding as unknown as AnyBinding, lifetime, this.#disposals);
    if (lifetime === 'singleton' && !binding.token.multi) this.#singletonKeys.add(tokenKey(binding.token));
    if (lifetime === 'transient' && !binding.token.multi) this.#addTransientPath(binding as unknown as AnyBinding);
  }

  bindValue<K extends AnyToken>(
    token: K,
    value: TokenContribution<K>,
    dispose?: (value: TokenContribution<K>) => void | Promise<void>,
  ): void {
    this.#assertOpen();
    this.#claim(token);
    this.#inversify.bind(tokenKey(token)).toConstantValue(value);
    if (!token.multi) this.#singletonKeys.add(tokenKey(token));
    if (dispose !== undefined) this.#disposals.push({ token, run: () => dispose(value) });
  }

  get<K extends AnyToken>(token: K): TokenValue<K> {
    // Checked on a hot path: a built singleton is one Map lookup, a transient one lookup and its
    // factory call. Kept small so that it inlines into the caller.
    const cached = this.#resolved.get(tokenKey(token));
    if (cached === undefined) return this.#resolve(token, undefined) as TokenValue<K>;
    if (cached instanceof TransientPath) return this.#buildTransient(token, cached) as TokenValue<K>;
    return cached as TokenValue<K>;
  }

  async getAsync<K extends AnyToken>(token: K): Promise<TokenValue<K>> {
    try {
      return (
        token.multi
          ? await this.#inversify.getAllAsync(tokenKey(token), { optional: true })
          : await this.#inversify.getAsync(tokenKey(token))
      ) as TokenValue<K>;
    } catch (error) {
      throw this.#unbound(token, error);
    }
  }

  has(token: AnyToken): boolean {
    return this.#inversify.isBound(tokenKey(token));
  }

  createScope(): ServiceScope {
    this.#assertOpen();
    const scope = new InversifyServiceContainer(new Container({ parent: this.#inversify }), this);
    for (const binding of this.#scopedBindings) {
      scope.#bindInto(scope.#inversify, binding, 'singleton', scope.#disposals);
      if (!binding.token.multi) scope.#singletonKeys.add(tokenKey(binding.token));
    }
    return scope;
  }

  dispose(): Promise<void> {
    this.#disposed ??= this.#disposeAll();
    return this.#disposed;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  async #disposeAll(): Promise<void> {
    const failures: unknown[] = [];
    for (const disposal of this.#disposals.splice(0).reverse()) {
      try {
        await disposal.run();
      } catch (error) {
        failures.push(
          new KernelError(
            'PLUGIN_HOOK_FAILED',
            `Disposing ${String(disposal.token)} failed: ${String((error as Error)?.message ?? error)}`,
            { cause: error },
          ),
        );
      }
    }
    this.#resolved.clear();
    if (this.#parent === undefined) {
      for (const path of this.#transients.values()) path.retired = true;
      this.#transients.clear();
      this.#inversify.unbindAll();
    }
    if (failures.length > 0) throw new AggregateError(failures, `${failures.length} disposer(s) failed`);
  }

  #bindInto(inversify: Container, binding: AnyBinding, lifetime: 'singleton' | 'transient', disposals: Disposal[]): void {
    const depNames = Object.keys(binding.deps ?? {});
    const depTokens = depNames.map((name) => (binding.deps as ServiceDependencies)[name] as AnyToken);
    const injectOptions = depTokens.map((token) =>
      token.multi ? { serviceIdentifier: tokenKey(token), isMultiple: true as const, optional: true as const } : tokenKey(token),
    );
    const factory = binding.factory as (deps: Record<string, unknown>) => unknown;
    const dispose = lifetime === 'singleton' ? binding.dispose : undefined;
    // Checked on a hot path for transients: no closures or records beyond what the factory needs.
    const build =
      depNames.length === 0
        ? () => factory(NO_DEPENDENCIES)
        : (...args: unknown[]): unknown => {
            const deps: Record<string, unknown> = {};
            for (let i = 0; i < depNames.length; i++) deps[depNames[i] as string] = args[i];
            return factory(deps);
          };
    const tracked =
      dispose === undefined
        ? build
        : (...args: unknown[]): unknown => {
            const track = (value: unknown): unknown => {
              disposals.push({ token: binding.token, run: () => dispose(value as never) });
              return value;
            };
            const made = build(...args);
            return made instanceof Promise ? made.then(track) : track(made);
          };
    const bound = inversify.bind(tokenKey(binding.token)).toResolvedValue(tracked, injectOptions as never);
    if (lifetime === 'singleton') bound.inSingletonScope();
    else bound.inTransientScope();
  }

  /**
   * Resolves through inversify: whatever has no precomputed path yet, and transients whose
   * dependencies are not all built (`path` then names the transient).
   */
  #resolve(token: AnyToken, path: TransientPath | undefined): unknown {
    let value: unknown;
    try {
      value = token.multi ? this.#inversify.getAll(tokenKey(token), { optional: true }) : this.#inversify.get(tokenKey(token));
    } catch (error) {
      throw this.#unbound(token, error);
    }
    if (!token.multi && this.#singletonKeys.has(tokenKey(token)) && !(value instanceof Promise)) this.#resolved.set(tokenKey(token), value);
    if (path !== undefined) this.#rememberDependencies(path);
    return value;
  }

  /**
   * inversify has just built a transient, so its singleton dependencies are built too: keep
   * them, so that the next resolution takes the path. Each get here is a read of inversify's
   * singleton cache and cannot fail (a failing or async dependency fails the transient first).
   */
  #rememberDependencies(path: TransientPath): void {
    for (const dep of path.depTokens) if (this.#singletonKeys.has(tokenKey(dep)) && !this.#resolved.has(tokenKey(dep))) this.get(dep);
  }

  #addTransientPath(binding: AnyBinding): void {
    const deps = binding.deps ?? NO_DEPENDENCIES;
    const depNames = Object.keys(deps);
    const depTokens = depNames.map((name) => deps[name] as AnyToken);
    if (depTokens.some((token) => token.multi)) return;
    const path = new TransientPath(binding.factory as TransientPath['factory'], depNames, depTokens);
    this.#transients.set(tokenKey(binding.token), path);
    this.#resolved.set(tokenKey(binding.token), path);
  }

  /**
   * Builds a transient as inversify would: the factory with the built dependencies, its error
   * wrapped as inversify's would be, and an async value refused. Goes through inversify instead,
   * before calling anything, when a dependency is not a singleton built here. Checked on a hot path.
   */
  #buildTransient(token: AnyToken, path: TransientPath): unknown {
    const deps = path.depKeys.length === 0 ? NO_DEPENDENCIES : this.#builtDependencies(path);
    if (deps === undefined || path.retired) return this.#resolve(token, path);
    let value: unknown;
    try {
      value = path.factory(deps);
    } catch (error) {
      throw this.#unbound(token, error);
    }
    if (isThenable(value)) throw this.#unbound(token, unexpectedAsyncError(tokenKey(token)));
    return value;
  }

  /** The dependencies of a transient when each is a singleton already built here, else undefined. */
  #builtDependencies(path: TransientPath): Record<string, unknown> | undefined {
    const { depNames, depKeys } = path;
    const deps: Record<string, unknown> = {};
    for (let i = 0; i < depKeys.length; i++) {
      const value = this.#resolved.get(depKeys[i] as symbol);
      if (value === undefined || value instanceof TransientPath) return undefined;
      deps[depNames[i] as string] = value;
    }
    return deps;
  }

  #claim(token: AnyToken): void {
    if (token.multi) return;
    if (this.#boundSingleTokens.has(token.id)) {
      throw new KernelError(
        'CONTAINER_BINDING_INVALID',
        `${String(token)} is already bound; bind a single token once, or create it with createMultiToken for many providers.`,
        { details: { token: token.id } },
      );
    }
    this.#boundSingleTokens.add(token.id);
  }

  #assertOpen(): void {
    if (this.#disposed !== undefined)
      throw new KernelError('CONTAINER_SCOPE_DISPOSED', 'This container or scope has been disposed; create a new scope.');
  }

  #unbound(token: AnyToken, cause: unknown): KernelError {
    if (CortexError.is(cause)) return cause as KernelError;
    const scoped = this.#scopedBindings.some((b) => b.token.id === token.id);
    const hint = scoped
      ? `it is scoped: resolve it from a scope (container.createScope())`
      : this.#inversify.isBound(tokenKey(token))
        ? `its factory is async or failed: use getAsync(), or read the cause`
        : `no plugin provides it`;
    return new KernelError('CONTAINER_TOKEN_UNBOUND', `Cannot resolve ${String(token)}: ${hint}.`, { details: { token: token.id }, cause });
  }
}
