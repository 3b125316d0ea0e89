import type { ServiceBinding, ServiceContainer, ServiceDependencies } from '../container/ServiceContainer.js';
import type { AnyToken, TokenContribution } from '../container/Token.js';
import { KernelError } from '../errors/KernelError.js';
import type { PluginProvisions } from './PluginDefinition.js';

/**
 * What a plugin's `register` hook binds with: the container's `bind` and `bindValue`, limited to
 * the tokens the plugin declares in `provides`.
 *
 * @remarks
 * A plugin cannot bind (or shadow) another plugin's or the kernel's token: the types allow only
 * the declared tokens, and the kernel refuses any other at run time. The binder closes when the
 * `register` hook ends.
 * @example
 * ```ts
 * definePlugin({
 *   name: 'requests', version: '1.0.0',
 *   provides: { context: requestContextToken },
 *   register({ binder }) {
 *     binder.bind({ token: requestContextToken, lifetime: 'scoped', factory: () => ({ startedAt: Date.now() }) });
 *   },
 * });
 * ```
 * @public
 */
export interface PluginBinder<P extends PluginProvisions = PluginProvisions> {
  /**
   * Binds a factory for one of the plugin's provided tokens.
   * @throws {@link KernelError} `PLUGIN_BINDING_UNDECLARED` for a token not in `provides`;
   * `CONTAINER_BINDING_INVALID` when a single token is bound twice; `KERNEL_STATE_INVALID` after `register` ended.
   */
  bind<K extends P[keyof P], D extends ServiceDependencies = Record<never, never>>(binding: ServiceBinding<K, D>): void;
  /**
   * Binds a ready value for one of the plugin's provided tokens.
   * @throws {@link KernelError} as {@link PluginBinder.bind} does.
   */
  bindValue<K extends P[keyof P]>(
    token: K,
    value: TokenContribution<K>,
    dispose?: (value: TokenContribution<K>) => void | Promise<void>,
  ): void;
}

/**
 * The binder one plugin's `register` hook receives; it records what was bound, so the kernel knows
 * which provided tokens `start` need not return.
 * @internal
 */
export class ScopedPluginBinder implements PluginBinder {
  readonly #plugin: string;
  readonly #declared: readonly AnyToken[];
  readonly #container: ServiceContainer;
  readonly #bound = new Set<string>();
  #closed = false;

  constructor(plugin: string, provides: PluginProvisions, container: ServiceContainer) {
    this.#plugin = plugin;
    this.#declared = Object.values(provides);
    this.#container = container;
  }

  bind<K extends AnyToken, D extends ServiceDependencies>(binding: ServiceBinding<K, D>): void {
    this.#admit(binding.token);
    this.#container.bind(binding);
    this.#bound.add(binding.token.id);
  }

  bindValue<K extends AnyToken>(
    token: K,
    value: TokenContribution<K>,
    dispose?: (value: TokenContribution<K>) => void | Promise<void>,
  ): void {
    this.#admit(token);
    this.#container.bindValue(token, value, dispose);
    this.#bound.add(token.id);
  }

  /** True when `register` bound the token. */
  hasBound(token: AnyToken): boolean {
    return this.#bound.has(token.id);
  }

  /** Ends binding: the `register` hook is over. */
  close(): void {
    this.#closed = true;
  }

  #admit(token: AnyToken): void {
    if (this.#closed) {
      throw new KernelError(
        'KERNEL_STATE_INVALID',
        `Plugin "${this.#plugin}" tried to bind ${String(token)} after its register hook ended; bind in register only, or return the value from start.`,
        { details: { plugin: this.#plugin, token: token?.id } },
      );
    }
    const declared = this.#declared.some((d) => d.id === token?.id && sameOwner(d, token));
    if (declared) return;
    const ids = this.#declared.map((d) => d.id);
    throw new KernelError(
      'PLUGIN_BINDING_UNDECLARED',
      `Plugin "${this.#plugin}" cannot bind ${String(token)}: it is not in the plugin's provides (${ids.length === 0 ? 'which declares none' : `which declares ${ids.join(', ')}`}); declare it in provides, or bind only the tokens the plugin provides.`,
      { details: { plugin: this.#plugin, token: String(token?.id) } },
    );
  }
}

function sameOwner(a: AnyToken, b: AnyToken): boolean {
  return a.owner?.package === b.owner?.package && a.owner?.version === b.owner?.version;
}
