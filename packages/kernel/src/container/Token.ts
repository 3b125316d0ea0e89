import { KernelError } from '../errors/KernelError.js';

const tokenBrand = Symbol.for('cortex-os.token');

/**
 * Token ids: lowercase dotted segments of letters, digits and dashes (`memory.store`, `kernel.health-indicator`).
 * Keep in sync with the README's "Tokens" section.
 */
const TOKEN_ID_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/;

/**
 * A typed key for a service in the kernel's container.
 *
 * @remarks
 * The type parameter travels with the token, so binding and resolving are checked
 * without casts. A multi token collects one contribution from each provider and
 * resolves to a read-only array.
 * @public
 */
export interface Token<T, Multi extends boolean = false> {
  /** The dotted id, unique per runtime. */
  readonly id: string;
  /** Whether many plugins may provide this token; it then resolves to an array. */
  readonly multi: Multi;
  /** Phantom field carrying the type; reading it throws. */
  readonly $type: T;
  /** The key used in the underlying inversify container. */
  readonly key: symbol;
  /** A readable name such as `token(memory.store)` or `token(app.hooks, multi)`, used in error messages. */
  toString(): string;
}

/**
 * A token that any number of plugins may provide; it resolves to every contribution.
 * @public
 */
export type MultiToken<T> = Token<T, true>;

/**
 * Any token, whatever it carries.
 * @public
 */
export type AnyToken = Token<unknown, boolean>;

/**
 * What resolving a token gives: its type, or a read-only array of it for multi tokens.
 * @public
 */
export type TokenValue<K> = K extends Token<infer T, infer M> ? (M extends true ? readonly T[] : T) : never;

/**
 * What a provider contributes for a token: one value (a multi token gathers each provider's values).
 * @public
 */
export type TokenContribution<K> = K extends Token<infer T, boolean> ? T : never;

/**
 * Options of {@link createToken}.
 * @public
 */
export interface CreateTokenOptions<Multi extends boolean> {
  /**
   * Allow many providers; the token then resolves to an array of all contributions.
   * @defaultValue `false`
   */
  readonly multi?: Multi;
}

/**
 * Creates a typed token.
 *
 * @throws {@link KernelError} `TOKEN_ID_INVALID` when the id does not match the pattern.
 * @example
 * ```ts
 * interface Clock { now(): number }
 * const clockToken = createToken<Clock>('app.clock');
 * ```
 * @public
 */
export function createToken<T, Multi extends boolean = false>(id: string, options: CreateTokenOptions<Multi> = {}): Token<T, Multi> {
  if (!TOKEN_ID_PATTERN.test(id)) {
    throw new KernelError(
      'TOKEN_ID_INVALID',
      `Token id "${id}" is invalid: use lowercase dotted segments of letters, digits and dashes, e.g. "memory.store".`,
      { details: { id } },
    );
  }
  const multi = (options.multi ?? false) as Multi;
  const token = {
    id,
    multi,
    key: Symbol.for(`cortex-os.token:${id}`),
    get $type(): T {
      throw new KernelError('TOKEN_ID_INVALID', `Token.$type of "${id}" is a type-only field; do not read it at run time.`);
    },
    toString: () => `token(${id}${multi ? ', multi' : ''})`,
  };
  Object.defineProperty(token, tokenBrand, { value: true });
  return Object.freeze(token);
}

/**
 * Creates a token that many plugins can provide; resolving it gives every contribution.
 * @public
 */
export function createMultiToken<T>(id: string): MultiToken<T> {
  return createToken<T, true>(id, { multi: true });
}

/**
 * True when the value is a token created by {@link createToken}.
 * @internal
 */
export function isToken(value: unknown): value is AnyToken {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[tokenBrand] === true;
}
