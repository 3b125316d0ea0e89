import { KernelError } from '../errors/KernelError.js';

const tokenBrand = Symbol.for('cortex-os.token');
/**
 * Where a token keeps its container key. `Symbol.for`, so two installed copies of the kernel
 * read each other's tokens; a symbol, so the key stays out of the public type and of `Object.keys`.
 */
const tokenKeySymbol = Symbol.for('cortex-os.token-key');

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
  /**
   * The package that declares the token and the version of its contract; absent for a token an
   * application declares for itself. Two tokens with one id and the same owner are the same token
   * (two installed copies of a package work together); with different owners, the runtime refuses
   * to assemble.
   */
  readonly owner?: TokenOwner;
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
 * Who declares a token (or an extension point): the npm package and the version of the contract
 * the token carries.
 *
 * @remarks
 * The version is a whole number bumped when the type behind the token changes incompatibly; it is
 * not the package's semver, so patch and minor releases of the package keep the same token.
 * @example
 * ```ts
 * const httpApi: TokenOwner = { package: '@cortex-os/http-api', version: '1' };
 * ```
 * @public
 */
export interface TokenOwner {
  /** The npm name of the declaring package, e.g. `@cortex-os/http-api`. */
  readonly package: string;
  /** The contract version, a whole number as a string (`'1'`). */
  readonly version: string;
}

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
  /**
   * The package that declares the token and its contract version; give it to every token a
   * package exports, so a same-named token from another package is caught at assembly.
   * @defaultValue none: a token the application declares for itself
   */
  readonly owner?: TokenOwner;
}

/**
 * Options of {@link createMultiToken}.
 * @public
 */
export interface CreateMultiTokenOptions {
  /** See {@link CreateTokenOptions.owner}. */
  readonly owner?: TokenOwner;
}

/**
 * Creates a typed token.
 *
 * @throws {@link KernelError} `TOKEN_ID_INVALID` when the id does not match the pattern;
 * `TOKEN_OWNER_INVALID` when the owner is not a package name with a whole-number version.
 * @example
 * ```ts
 * interface Clock { now(): number }
 * const clockToken = createToken<Clock>('acme.clock', { owner: { package: '@acme/clock-api', version: '1' } });
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
  const owner = options.owner === undefined ? undefined : checkedOwner(`Token "${id}"`, options.owner, 'TOKEN_OWNER_INVALID');
  const multi = (options.multi ?? false) as Multi;
  const token = {
    id,
    multi,
    ...(owner === undefined ? {} : { owner }),
    get $type(): T {
      throw new KernelError('TOKEN_ID_INVALID', `Token.$type of "${id}" is a type-only field; do not read it at run time.`);
    },
    toString: () => `token(${id}${multi ? ', multi' : ''})`,
  };
  Object.defineProperty(token, tokenBrand, { value: true });
  Object.defineProperty(token, tokenKeySymbol, { value: Symbol.for(`cortex-os.token:${id}`) });
  return Object.freeze(token);
}

/**
 * Creates a token that many plugins can provide; resolving it gives every contribution.
 * @throws {@link KernelError} as {@link createToken} does.
 * @public
 */
export function createMultiToken<T>(id: string, options: CreateMultiTokenOptions = {}): MultiToken<T> {
  return createToken<T, true>(id, { ...options, multi: true });
}

/**
 * The key a token has in the underlying inversify container: one per id, so equal ids from two
 * installed copies of a package meet (owners are checked at assembly, not here).
 * @internal
 */
export function tokenKey(token: AnyToken): symbol {
  return (token as unknown as Record<symbol, symbol>)[tokenKeySymbol] as symbol;
}

/** npm package names: an optional `@scope/`, then lowercase letters, digits and `-._~`. */
const PACKAGE_NAME_PATTERN = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
const CONTRACT_VERSION_PATTERN = /^(0|[1-9][0-9]*)$/;

/**
 * Checks and freezes an owner; `subject` names what it belongs to in the message.
 * @throws {@link KernelError} with `code` listing every problem.
 * @internal
 */
export function checkedOwner(
  subject: string,
  owner: TokenOwner,
  code: 'TOKEN_OWNER_INVALID' | 'EXTENSION_POINT_DEFINITION_INVALID',
): TokenOwner {
  const problems = ownerProblems(owner);
  if (problems.length > 0) {
    throw new KernelError(code, `${subject} has an invalid owner: ${problems.join('; ')}.`, { details: { problems } });
  }
  return Object.freeze({ package: owner.package, version: owner.version });
}

/**
 * What is wrong with an owner, in plain words; empty when nothing is.
 * @internal
 */
export function ownerProblems(owner: TokenOwner): string[] {
  const problems: string[] = [];
  if (typeof owner?.package !== 'string' || !PACKAGE_NAME_PATTERN.test(owner.package)) {
    problems.push(`package "${String(owner?.package)}" is not an npm package name (e.g. "@acme/clock-api")`);
  }
  if (typeof owner?.version !== 'string' || !CONTRACT_VERSION_PATTERN.test(owner.version)) {
    problems.push(`version "${String(owner?.version)}" is not a whole-number contract version (e.g. "1")`);
  }
  return problems;
}

/**
 * An owner as messages name it: `@cortex-os/http-api (contract 1)`, or `the application (no owner)`.
 * @internal
 */
export function describeOwner(owner: TokenOwner | undefined): string {
  return owner === undefined ? 'the application (no owner)' : `${owner.package} (contract ${owner.version})`;
}

/**
 * True when the value is a token created by {@link createToken}.
 * @internal
 */
export function isToken(value: unknown): value is AnyToken {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[tokenBrand] === true;
}
