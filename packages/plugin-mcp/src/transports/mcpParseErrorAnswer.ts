import type { HttpBodyParseFailure, HttpRouteResult } from '@cortex-os/http-api';

/** The standalone endpoint's answer to a body that is not JSON; the mount answers the same. */
export const MCP_PARSE_ERROR_MESSAGE = 'Parse error: the body is not valid JSON.';

/**
 * The MCP mount's answer to a body the HTTP service could not parse (internal): HTTP 400 with a
 * JSON-RPC error and no id, as the standalone endpoint answers — `-32700` for malformed JSON,
 * `-32600` for nesting beyond the limit (valid JSON, an invalid request).
 */
export function mcpParseErrorAnswer(failure: HttpBodyParseFailure): HttpRouteResult {
  const error =
    failure.reason === 'too-deep'
      ? { code: -32600, message: `Invalid Request: ${failure.message}` }
      : { code: -32700, message: MCP_PARSE_ERROR_MESSAGE };
  return { status: 400, body: { jsonrpc: '2.0', error, id: null } };
}
