import { createToken, type Token } from '@cortex-os/kernel';
import type { McpTaskReceiver } from './McpTaskReceiver.js';

/**
 * The optional task receiver of the MCP server: when a plugin provides it, clients that support
 * MCP tasks (2025-11-25) may run the tools it accepts as durable tasks.
 * @public
 */
export const mcpTaskReceiverToken: Token<McpTaskReceiver> = createToken<McpTaskReceiver>('mcp.task-receiver', {
  owner: { package: '@cortex-os/plugin-mcp', version: '1' },
});
