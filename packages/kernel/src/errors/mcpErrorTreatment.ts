import type { ErrorKind } from './ErrorKind.js';

/**
 * How an MCP server reports an error of one {@link ErrorKind}.
 * @public
 */
export interface McpErrorTreatment {
  /**
   * `tools/call`: an `isError` result (the model reads it and can correct itself), or no result
   * at all (the client cancelled: MCP cancellation sends nothing back; when the server itself
   * cancelled the call, it answers a JSON-RPC error with {@link McpErrorTreatment.protocolCode}).
   */
  readonly toolCall: 'is-error' | 'no-result';
  /**
   * For `not-found`: a call naming a tool that is not registered is a protocol error (the spec's
   * −32602), while a tool that runs and finds nothing answers `isError`.
   */
  readonly unknownTool?: 'protocol-error';
  /** The JSON-RPC error code of every other request (`resources/read`, `prompts/get`, …). */
  readonly protocolCode: -32602 | -32603;
  /**
   * The HTTP status the Streamable HTTP transport answers when it refuses a request of this
   * kind itself, before any JSON-RPC is read (authentication, origin, size, throttling).
   */
  readonly transportStatus?: 401 | 403 | 413 | 415 | 429;
}

/**
 * The MCP / JSON-RPC treatment of every {@link ErrorKind}: the only place an MCP answer's shape
 * comes from. What the text shows is {@link remoteErrorExposure}.
 *
 * @remarks
 * `internal` answers a tool call with an `isError` result and other requests with −32603: MCP
 * reports tool execution errors in the result (its conformance suite checks it), and the text is
 * the catalogue description either way.
 * @public
 */
export const mcpErrorTreatment: Readonly<Record<ErrorKind, McpErrorTreatment>> = Object.freeze({
  'invalid-input': { toolCall: 'is-error', protocolCode: -32602 },
  unauthenticated: { toolCall: 'is-error', protocolCode: -32603, transportStatus: 401 },
  forbidden: { toolCall: 'is-error', protocolCode: -32603, transportStatus: 403 },
  'not-found': { toolCall: 'is-error', unknownTool: 'protocol-error', protocolCode: -32602 },
  conflict: { toolCall: 'is-error', protocolCode: -32603 },
  'request-timeout': { toolCall: 'is-error', protocolCode: -32603 },
  'payload-too-large': { toolCall: 'is-error', protocolCode: -32602, transportStatus: 413 },
  'unsupported-media-type': { toolCall: 'is-error', protocolCode: -32602, transportStatus: 415 },
  'rate-limited': { toolCall: 'is-error', protocolCode: -32603, transportStatus: 429 },
  cancelled: { toolCall: 'no-result', protocolCode: -32603 },
  internal: { toolCall: 'is-error', protocolCode: -32603 },
  'upstream-failed': { toolCall: 'is-error', protocolCode: -32603 },
  unavailable: { toolCall: 'is-error', protocolCode: -32603 },
  'upstream-timeout': { toolCall: 'is-error', protocolCode: -32603 },
  'insufficient-storage': { toolCall: 'is-error', protocolCode: -32603 },
});
