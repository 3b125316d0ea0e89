import { createToken, type Token } from '@cortex-os/kernel';
import type { McpService } from './McpService.js';

/**
 * The running MCP service: its HTTP handler, stdio state and imported remotes.
 * @public
 */
export const mcpServiceToken: Token<McpService> = createToken<McpService>('mcp.service', {
  owner: { package: '@cortex-os/plugin-mcp', version: '1' },
});
