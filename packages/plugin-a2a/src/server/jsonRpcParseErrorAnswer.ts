import type { HttpBodyParseFailure, HttpRouteResult } from '@cortex-os/http-api';

/**
 * The JSON-RPC endpoint's answer to a body the HTTP layer could not parse, as A2A's JSON-RPC
 * binding (and the SDK's own server) gives it: HTTP 200 with a JSON-RPC error and `id: null` —
 * `-32700` for text that is not JSON, `-32600` (Invalid Request) for JSON nested deeper than the
 * server accepts. The HTTP layer's message names no path and no internals.
 */
export function jsonRpcParseErrorAnswer(failure: HttpBodyParseFailure): HttpRouteResult {
  const error =
    failure.reason === 'too-deep'
      ? { code: -32600, message: `Invalid Request: ${failure.message}` }
      : { code: -32700, message: 'Invalid JSON payload.' };
  return { status: 200, body: { jsonrpc: '2.0', id: null, error } };
}
