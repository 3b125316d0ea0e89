/**
 * What kind of failure an error is, from a remote caller's point of view. Every catalogue entry
 * has one; each transport maps it to its own status through one typed table
 * ({@link httpErrorTreatment}, {@link mcpErrorTreatment}), and {@link remoteErrorExposure} says
 * what the caller is shown.
 *
 * @remarks
 * The union is closed on purpose: a new kind adds a row to every table in the same commit, or
 * the tables fail to compile.
 * @public
 */
export type ErrorKind =
  | 'invalid-input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'request-timeout'
  | 'payload-too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'cancelled'
  | 'internal'
  | 'upstream-failed'
  | 'unavailable'
  | 'upstream-timeout'
  | 'insufficient-storage';

/**
 * Every {@link ErrorKind}, in the order of the error-model table.
 * @public
 */
export const errorKinds: readonly ErrorKind[] = Object.freeze([
  'invalid-input',
  'unauthenticated',
  'forbidden',
  'not-found',
  'conflict',
  'request-timeout',
  'payload-too-large',
  'unsupported-media-type',
  'rate-limited',
  'cancelled',
  'internal',
  'upstream-failed',
  'unavailable',
  'upstream-timeout',
  'insufficient-storage',
]);

const known: ReadonlySet<string> = new Set(errorKinds);

/**
 * True when `value` is one of the {@link ErrorKind}s (errors from another copy of the kernel are
 * read by their fields, so their `kind` is checked before a table is indexed with it).
 * @public
 */
export function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && known.has(value);
}
