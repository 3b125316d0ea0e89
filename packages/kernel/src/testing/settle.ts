/** How a promise or a call ended: like `Promise.allSettled`'s result, for one subject. */
export type Settled = { readonly status: 'fulfilled'; readonly value: unknown } | { readonly status: 'rejected'; readonly reason: unknown };

/**
 * Runs `subject` (a promise, or a function that throws or returns a promise) to its end and says
 * how it ended; a synchronous throw counts as a rejection.
 * @internal
 */
export async function settle(subject: PromiseLike<unknown> | (() => unknown)): Promise<Settled> {
  try {
    const value = await (typeof subject === 'function' ? subject() : subject);
    return { status: 'fulfilled', value };
  } catch (reason) {
    return { status: 'rejected', reason };
  }
}
