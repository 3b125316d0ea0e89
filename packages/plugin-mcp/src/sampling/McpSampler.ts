import type { CreateMessageRequestParams } from '@modelcontextprotocol/server';

/**
 * The calling MCP client's model, as one tool call lends it: what the client declared and how
 * to ask it. Built per call by the interaction bridge, read by the sampling provider.
 */
export interface McpSampler {
  /** The client's name from its handshake, for health details and logs. */
  readonly client: string | undefined;
  /** True when the client declared `sampling.tools` (2025-11-25): requests may carry tools. */
  readonly tools: boolean;
  /**
   * Sends `sampling/createMessage` to the client and resolves with its raw, unvalidated answer.
   * On a 2026-07-28 connection an unanswered request ends the round instead (`input_required`).
   */
  createMessage(params: CreateMessageRequestParams, signal?: AbortSignal): Promise<unknown>;
}
