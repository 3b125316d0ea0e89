import { defineErrorCatalogue } from '@cortex-os/kernel';

/**
 * Every error code that @cortex-os/plugin-mcp throws, with what it means and how to solve it.
 *
 * Codes are `MCP_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/mcpErrorCatalogue.test.ts`.
 * Retired codes: none. (`MCP_RESOURCE_*` and `MCP_PROMPT_*` moved to the kernel before any release,
 * as `RESOURCE_*` and `PROMPT_*`, with the resource and prompt registries.)
 *
 * @public
 */
export const mcpErrorCatalogue = defineErrorCatalogue('MCP', {
  MCP_HTTP_OPTIONS_INVALID: {
    kind: 'internal',
    message:
      'The MCP endpoint listens on {host}, beyond loopback, without authentication: give a bearer `auth` option (a static token or a verifier).',
    description:
      'The MCP HTTP endpoint was configured in an unsafe or impossible way (for example beyond loopback without authentication).',
    solution: 'Give a bearer `auth` option whenever the server listens beyond 127.0.0.1, and allow the origins and hosts you serve.',
  },
  MCP_CLIENT_CONNECT_FAILED: {
    kind: 'upstream-failed',
    message: 'Could not connect to MCP server "{server}": {reason}',
    description: 'A remote MCP server could not be reached or did not complete the handshake in time.',
    solution: 'Check the command or URL, that the server is running, and the connect timeout; the cause names the transport error.',
  },
  MCP_CLIENT_REQUEST_FAILED: {
    kind: 'upstream-failed',
    message: '{request} on MCP server "{server}" failed: {reason}',
    description: 'A request to a remote MCP server failed, timed out or was refused by the circuit breaker.',
    solution: 'Read the cause; transient failures are retried, and an open circuit closes again after its half-open delay.',
  },
  MCP_CLIENT_TOOL_ERROR: {
    kind: 'upstream-failed',
    message: 'Remote tool "{tool}" on "{server}" reported an error: {reason}',
    description: 'A remote MCP tool ran and reported an error result (`isError`).',
    solution: 'Read the message from the remote tool and fix the arguments or the remote side.',
  },
  MCP_SAMPLING_REQUEST_INVALID: {
    kind: 'invalid-input',
    message: 'Model provider "{provider}" cannot send this request to the MCP client: {reason}.',
    description:
      'A generate request asks for something MCP sampling cannot carry (a JSON Schema reply format, or tool-call arguments that are not a JSON object).',
    solution:
      'Drop `responseFormat` (ask for JSON in the prompt and check the reply with parseStructuredOutput), or send tool calls whose arguments are JSON objects.',
  },
});

/**
 * A code from {@link mcpErrorCatalogue}.
 * @public
 */
export type McpErrorCode = keyof typeof mcpErrorCatalogue;
