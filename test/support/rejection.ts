/**
 * The shape tests read from a rejection: a Cortex-OS error's `code`, `details` and `cause`.
 * Structural, because root test support cannot import `@cortex-os/kernel` under tsconfig.test.json.
 */
export interface RejectionError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/** Awaits a promise that must reject and returns what it rejected with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<RejectionError> {
  try {
    await promise;
  } catch (error) {
    return error as RejectionError;
  }
  throw new Error('expected the promise to reject');
}
