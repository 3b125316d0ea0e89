/**
 * Every error code that @cortex-os/plugin-mcp throws, with what it means and how to solve it.
 *
 * Codes are `MCP_WHAT`, stable once released and never reused. The README's "Error codes"
 * table is checked against this catalogue by `test/errors/mcpErrorCatalogue.test.ts`.
 * Retired codes: none yet.
 *
 * @public
 */
export const mcpErrorCatalogue = {
  MCP_RESOURCE_DEFINITION_INVALID: {
    description: 'A resource or resource template has a bad URI, template or name.',
    solution: 'Use an absolute URI (`scheme:…`), a template whose variables are `{name}`, and a non-empty name.',
  },
  MCP_RESOURCE_DUPLICATE: {
    description: 'A resource with that URI (or a template with that URI template) is already registered.',
    solution: 'Remove the existing one first, or choose another URI.',
  },
  MCP_RESOURCE_NOT_FOUND: {
    description: 'No registered resource or template serves the URI that was read.',
    solution: 'List resources and templates to see what the server offers; check the URI for typos.',
  },
  MCP_RESOURCE_READ_FAILED: {
    description: 'A resource reader threw or returned nothing.',
    solution: 'Read the cause; the reader belongs to the plugin that registered the resource.',
  },
  MCP_PROMPT_DEFINITION_INVALID: {
    description: 'A prompt has a bad name, or its arguments are not a zod object of string fields.',
    solution: 'Use 1–128 letters, digits, `_`, `-` or `.` for the name and `z.object({ … })` of strings for arguments.',
  },
  MCP_PROMPT_DUPLICATE: {
    description: 'A prompt with that name is already registered.',
    solution: 'Remove the existing prompt first, or choose another name.',
  },
  MCP_PROMPT_NOT_FOUND: {
    description: 'A prompt was requested by a name that is not registered.',
    solution: 'List prompts to see the names available; the message suggests the closest.',
  },
  MCP_PROMPT_ARGUMENTS_INVALID: {
    description: 'The arguments given to a prompt fail its argument contract.',
    solution: 'Fix the arguments at each listed path.',
  },
  MCP_HTTP_OPTIONS_INVALID: {
    description: 'The MCP HTTP endpoint was configured in an unsafe or impossible way (for example beyond loopback without authentication).',
    solution: 'Give a bearer `auth` option whenever the server listens beyond 127.0.0.1, and allow the origins and hosts you serve.',
  },
  MCP_CLIENT_CONNECT_FAILED: {
    description: 'A remote MCP server could not be reached or did not complete the handshake in time.',
    solution: 'Check the command or URL, that the server is running, and the connect timeout; the cause names the transport error.',
  },
  MCP_CLIENT_REQUEST_FAILED: {
    description: 'A request to a remote MCP server failed, timed out or was refused by the circuit breaker.',
    solution: 'Read the cause; transient failures are retried, and an open circuit closes again after its half-open delay.',
  },
  MCP_CLIENT_TOOL_ERROR: {
    description: 'A remote MCP tool ran and reported an error result (`isError`).',
    solution: 'Read the message from the remote tool and fix the arguments or the remote side.',
  },
} as const satisfies Record<string, { readonly description: string; readonly solution: string }>;

/**
 * A code from {@link mcpErrorCatalogue}.
 * @public
 */
export type McpErrorCode = keyof typeof mcpErrorCatalogue;
