/**
 * A streamed response body: each chunk is written as it comes, and the iteration is ended
 * (`return()`) when the client disconnects. Set the content type in {@link HttpRouteResult.headers}
 * (e.g. `text/event-stream`); the default is `application/octet-stream`.
 * @public
 */
export type HttpStreamBody = AsyncIterable<string | Uint8Array>;

/**
 * A response with a status and headers; a handler may also return the body alone (status 200).
 * @public
 */
export interface HttpRouteResult {
  /** Default 200, or 204 when there is no body. */
  readonly status?: number;
  /** Strings and Buffers are sent as they are, an {@link HttpStreamBody} chunk by chunk, anything else as JSON. */
  readonly body?: unknown;
  /** Response headers (e.g. `content-type` for a string body). */
  readonly headers?: Readonly<Record<string, string>>;
}

// A marker that crosses packages (and duplicate installs): the HTTP server reads it through isHttpResponse.
const kResult = Symbol.for('cortex-os.http.result');

/**
 * Marks a value as a full response (status, body, headers), so a body that happens to have a
 * `status` field is never mistaken for one.
 * @example
 * ```ts
 * handler: () => httpResponse({ status: 503, headers: { 'retry-after': '5' }, body: { status: 'fail' } })
 * ```
 * @public
 */
export function httpResponse(result: HttpRouteResult): HttpRouteResult {
  return Object.defineProperty({ ...result }, kResult, { value: true });
}

/**
 * True for a value made by {@link httpResponse} (in this or another copy of the package).
 * @public
 */
export function isHttpResponse(value: unknown): value is HttpRouteResult {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kResult] === true;
}

/**
 * True for an {@link HttpStreamBody} (an async iterable that is not a string or a Buffer).
 * @public
 */
export function isHttpStreamBody(value: unknown): value is HttpStreamBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}
