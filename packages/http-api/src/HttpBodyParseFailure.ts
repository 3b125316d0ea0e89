/**
 * Why a request's JSON body could not be parsed, handed to a route's `onParseError` (a JSON-RPC
 * route answers `-32700 Parse error` in its own envelope instead of the server's problem+json 400).
 * @public
 */
export interface HttpBodyParseFailure {
  /** `malformed`: not JSON, or a forbidden `__proto__`/`constructor.prototype` key; `too-deep`: nested deeper than the server's limit. */
  readonly reason: 'malformed' | 'too-deep';
  /** The code the server would answer with otherwise: `HTTP_BODY_MALFORMED` or `HTTP_BODY_TOO_DEEP`. */
  readonly code: string;
  /** What is wrong, in words safe to show the client (the parser's, for malformed JSON). */
  readonly message: string;
  /** The request id, already set on the response. */
  readonly requestId: string;
}
