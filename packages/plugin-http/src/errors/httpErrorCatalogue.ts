/**
 * Every error code the HTTP plugin throws or answers with, what it means and how to solve it.
 *
 * Codes are `AREA_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/httpErrorCatalogue.test.ts`.
 * Retired codes: none yet.
 * @public
 */
export const httpErrorCatalogue = {
  HTTP_ROUTE_NOT_FOUND: {
    description: 'No route matches the request method and path.',
    solution: 'Check the path and method; `GET /describe` lists what the runtime serves.',
  },
  HTTP_BODY_MALFORMED: {
    description: 'The request body is not valid JSON although its content type says it is.',
    solution: 'Send well-formed JSON; the detail names the parser error and its position.',
  },
  HTTP_BODY_TOO_LARGE: {
    description: 'The request body is larger than the route or server body limit.',
    solution: 'Send a smaller body, or raise `bodyLimitBytes` on the server or the route.',
  },
  HTTP_MEDIA_TYPE_UNSUPPORTED: {
    description: 'The request body has a content type the route does not accept.',
    solution: 'Send `Content-Type: application/json`.',
  },
  HTTP_REQUEST_INVALID: {
    description: 'The request params, query or body failed the route schema; every failing field is listed.',
    solution: 'Fix each field listed in `errors` (its `location` says params, query or body).',
  },
  HTTP_UNAUTHORIZED: {
    description: 'The route requires a bearer token and the request had none, or an unknown one.',
    solution: 'Send `Authorization: Bearer <token>` with a token configured on the server.',
  },
  HTTP_FORBIDDEN: {
    description: 'The request came from a foreign `Origin` or named a `Host` the server does not serve (DNS-rebinding protection).',
    solution: 'Call from an allowed origin, or add it to `allowedOrigins` / `allowedHosts`.',
  },
  HTTP_SHUTTING_DOWN: {
    description: 'The server is draining for shutdown and takes no new requests.',
    solution: 'Retry against another instance; the load balancer stops routing here once readiness fails.',
  },
  HTTP_RESPONSE_INVALID: {
    description: 'A route handler produced a response that fails the route response schema.',
    solution: 'This is a bug in the route: fix the handler so it returns what its response schema says.',
  },
  HTTP_INTERNAL_ERROR: {
    description: 'A route handler failed unexpectedly; details are in the server log under the request id.',
    solution: 'Find the request id in the server log to see the cause.',
  },
  HTTP_ROUTE_INVALID: {
    description: 'A route or raw mount was declared badly, twice, or after the server started listening.',
    solution: "Declare each method and path once, in a plugin's `start`, before the server listens.",
  },
  HTTP_AUTH_REQUIRED: {
    description: 'The server would listen beyond loopback (or serve a route that requires auth) without any bearer token configured.',
    solution: 'Configure `auth.tokens` (e.g. `CORTEX_HTTP_TOKENS`), or bind to 127.0.0.1.',
  },
  HTTP_LISTEN_FAILED: {
    description: 'The server could not listen on the configured host and port (in use, not permitted, or bad TLS material).',
    solution: 'Read the cause; choose another port, or fix the TLS key and certificate.',
  },
  HTTP_STATE_INVALID: {
    description: 'An HTTP service method was called in a state that does not allow it (e.g. listen after shutdown).',
    solution: 'Call `listen()` once after the kernel started, and nothing after `shutdown()`.',
  },
  CONFIG_INVALID: {
    description: 'The runtime configuration (environment and file) failed validation; every bad variable or key is named.',
    solution: 'Fix each variable or file key listed in the message.',
  },
  CONFIG_FILE_UNREADABLE: {
    description: 'The runtime configuration file could not be read or is not valid JSON.',
    solution: 'Check the path and the JSON syntax; the message names the file and the parser error.',
  },
} as const satisfies Readonly<Record<string, { readonly description: string; readonly solution: string }>>;

/**
 * A code from {@link httpErrorCatalogue}.
 * @public
 */
export type HttpErrorCode = keyof typeof httpErrorCatalogue;
