import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code the HTTP plugin throws or answers with, what it means and how to solve it.
 *
 * Codes are `AREA_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/httpErrorCatalogue.test.ts`.
 * Retired codes: none yet.
 * @public
 */
export const httpErrorCatalogue = defineErrorCatalogue('HTTP', {
  HTTP_ROUTE_NOT_FOUND: {
    kind: 'not-found',
    message: 'No route for {method} {path}.',
    description: 'No route matches the request method and path.',
    solution: 'Check the path and method; `GET /describe` lists what the runtime serves.',
  },
  HTTP_BODY_MALFORMED: {
    kind: 'invalid-input',
    message: 'Request body is not valid JSON: {reason}.',
    description: 'The request body is not valid JSON although its content type says it is.',
    solution: 'Send well-formed JSON; the detail names the parser error and its position.',
  },
  HTTP_BODY_TOO_LARGE: {
    kind: 'payload-too-large',
    message: 'Request body is larger than the limit for this route ({limit} bytes).',
    description: 'The request body is larger than the route or server body limit.',
    solution: 'Send a smaller body, or raise `bodyLimitBytes` on the server or the route.',
  },
  HTTP_MEDIA_TYPE_UNSUPPORTED: {
    kind: 'unsupported-media-type',
    message: 'Unsupported media type "{mediaType}"; send Content-Type: application/json.',
    description: 'The request body has a content type the route does not accept.',
    solution: 'Send `Content-Type: application/json`.',
  },
  HTTP_REQUEST_INVALID: {
    kind: 'invalid-input',
    message: 'Invalid request: {issues}.',
    description: 'The request params, query or body failed the route schema; every failing field is listed.',
    solution: 'Fix each field listed in `errors` (its `location` says params, query or body).',
  },
  HTTP_UNAUTHORIZED: {
    kind: 'unauthenticated',
    message: 'This route requires `Authorization: Bearer <token>`.',
    description: 'The route requires a bearer token and the request had none, or an unknown one.',
    solution: 'Send `Authorization: Bearer <token>` with a token configured on the server.',
  },
  HTTP_FORBIDDEN: {
    kind: 'forbidden',
    message: 'Origin "{origin}" is not allowed.',
    description: 'The request came from a foreign `Origin` or named a `Host` the server does not serve (DNS-rebinding protection).',
    solution: 'Call from an allowed origin, or add it to `allowedOrigins` / `allowedHosts`.',
  },
  HTTP_SHUTTING_DOWN: {
    kind: 'unavailable',
    message: 'The server is shutting down and takes no new requests.',
    description: 'The server is draining for shutdown and takes no new requests.',
    solution: 'Retry against another instance; the load balancer stops routing here once readiness fails.',
  },
  HTTP_CLIENT_CLOSED: {
    kind: 'cancelled',
    message: 'The client closed the connection before the answer was sent.',
    description:
      'The client went away (aborted its request or closed its connection) while the route handler ran; the handler signal carries this reason.',
    solution: 'Nothing to fix on the server: stop the work the handler does for that request when its `context.signal` aborts.',
  },
  HTTP_RESPONSE_INVALID: {
    kind: 'internal',
    message: '{method} {path} returned a body that fails its response schema: {issues}',
    description: 'A route handler produced a response that fails the route response schema.',
    solution: 'This is a bug in the route: fix the handler so it returns what its response schema says.',
  },
  HTTP_INTERNAL_ERROR: {
    kind: 'internal',
    message: 'Request {requestId} failed: {reason}',
    description: 'A route handler failed unexpectedly; details are in the server log under the request id.',
    solution: 'Find the request id in the server log to see the cause.',
  },
  HTTP_ROUTE_INVALID: {
    kind: 'internal',
    message: 'Route {method} {path} is invalid: {reason}.',
    description: 'A route or raw mount was declared badly, twice, or after the server started listening.',
    solution: "Declare each method and path once, in a plugin's `start`, before the server listens.",
  },
  HTTP_AUTH_REQUIRED: {
    kind: 'internal',
    message:
      'Refusing to listen on {host}: listening beyond loopback requires bearer tokens (set auth.tokens, e.g. CORTEX_HTTP_AUTH__TOKENS), or bind to 127.0.0.1.',
    description: 'The server would listen beyond loopback (or serve a route that requires auth) without any bearer token configured.',
    solution: 'Configure `auth.tokens` (e.g. `CORTEX_HTTP_AUTH__TOKENS=<token>`), or bind to 127.0.0.1.',
  },
  HTTP_LISTEN_FAILED: {
    kind: 'internal',
    message: 'Cannot listen on {host}:{port}: {reason}',
    description: 'The server could not listen on the configured host and port (in use, not permitted, or bad TLS material).',
    solution: 'Read the cause; choose another port, or fix the TLS key and certificate.',
  },
  HTTP_STATE_INVALID: {
    kind: 'internal',
    message: 'Cannot {action}: the server is {phase}.',
    description: 'An HTTP service method was called in a state that does not allow it (e.g. listen after shutdown).',
    solution: 'Call `listen()` once after the kernel started, and nothing after `shutdown()`.',
  },
  HTTP_BODY_TOO_DEEP: {
    kind: 'invalid-input',
    message: 'Request body nests arrays and objects deeper than {maxDepth} levels.',
    description: 'The JSON request body nests arrays and objects deeper than the server allows.',
    solution: 'Flatten the body; no real payload needs that depth (the limit is `maxJsonDepth`, default 128).',
  },
  HTTP_REQUEST_TIMEOUT: {
    kind: 'request-timeout',
    message: 'The request did not arrive in time (headers within {headersMs} ms, the whole request within {requestMs} ms).',
    description: 'The client sent its headers or body too slowly; the connection was closed.',
    solution: 'Send the whole request promptly, or raise `timeouts.headersMs` / `timeouts.requestMs` for slow links.',
  },
  HTTP_OVERLOADED: {
    kind: 'unavailable',
    message: 'The server is overloaded ({why}) and sheds new requests; retry after the Retry-After delay.',
    description: 'The server sheds new requests while its event loop is too busy or lagging, or too many requests are in flight.',
    solution: 'Retry after `Retry-After` (or against another instance); raise `loadShedding` thresholds or add capacity if it persists.',
  },
  HTTP_DRAIN_CUT: {
    kind: 'internal',
    message: 'The drain deadline ({deadlineMs} ms) cut {count} request(s) still in flight at shutdown.',
    description:
      'Requests were still in flight when the drain deadline passed; their connections were cut, so the stop is reported as failed.',
    solution:
      'Find what kept the requests (a slow handler, a stream not registered with `trackStream`), or raise `drain.deadlineMs` above your longest request.',
  },
});

/**
 * A code from {@link httpErrorCatalogue}.
 * @public
 */
export type HttpErrorCode = keyof typeof httpErrorCatalogue;
