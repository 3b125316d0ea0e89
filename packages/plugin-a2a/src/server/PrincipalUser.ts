import type { User } from '@a2a-js/sdk/server';

/**
 * The SDK's view of a caller the runtime's edge-security module authenticated (a bearer
 * principal): `context.user` in the request handler, which serves such a caller the extended card.
 * @public
 */
export class PrincipalUser implements User {
  readonly #id: string;

  /** Wraps the principal's id. */
  constructor(id: string) {
    this.#id = id;
  }

  /** Always true: only an authenticated principal becomes a `PrincipalUser`. */
  get isAuthenticated(): boolean {
    return true;
  }

  /** The principal's id. */
  get userName(): string {
    return this.#id;
  }
}

/** The SDK user of a request: the authenticated principal's, else none (the SDK's unauthenticated caller). */
export function userOf(principal: { readonly id: string } | undefined): User | undefined {
  return principal === undefined ? undefined : new PrincipalUser(principal.id);
}
