import type { ErrorKind } from './ErrorKind.js';

/**
 * What a remote caller (REST, MCP, A2A) is shown of an error: its message (with server paths,
 * raw database text and stack frames removed), its catalogue description only, a fixed text,
 * or nothing at all. The code and the catalogue description (as a title) are always public.
 * @public
 */
export type RemoteErrorExposure =
  | { readonly shows: 'message' }
  | { readonly shows: 'description' }
  | { readonly shows: 'fixed'; readonly text: string }
  | { readonly shows: 'nothing' };

/**
 * What a remote caller sees for each {@link ErrorKind}: the last column of the error-model table.
 *
 * @remarks
 * Client errors whose wording helps the caller fix the request show the message; failures on
 * the server's side show only the catalogue description (the message and cause stay in the
 * log); authentication, authorisation and throttling answer a fixed text so they reveal nothing
 * to a prober. Keep in step with {@link httpErrorTreatment} and {@link mcpErrorTreatment}.
 * @public
 */
export const remoteErrorExposure: Readonly<Record<ErrorKind, RemoteErrorExposure>> = Object.freeze({
  'invalid-input': { shows: 'message' },
  unauthenticated: { shows: 'fixed', text: 'Authentication is required, or the credentials given are not valid.' },
  forbidden: { shows: 'fixed', text: 'This request is not allowed here.' },
  'not-found': { shows: 'message' },
  conflict: { shows: 'message' },
  'request-timeout': { shows: 'fixed', text: 'The request took too long to arrive.' },
  'payload-too-large': { shows: 'message' },
  'unsupported-media-type': { shows: 'fixed', text: 'The media type of the request is not supported here.' },
  'rate-limited': { shows: 'fixed', text: 'Too many requests; retry later.' },
  cancelled: { shows: 'nothing' },
  internal: { shows: 'description' },
  'upstream-failed': { shows: 'description' },
  unavailable: { shows: 'description' },
  'upstream-timeout': { shows: 'description' },
  'insufficient-storage': { shows: 'description' },
});
