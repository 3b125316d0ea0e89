import { createToken, type PromptRegistry, type ResourceRegistry, type Token } from '@cortex-os/kernel';
import type { McpService } from './McpService.js';

/**
 * The resource registry the MCP plugin serves; require it to add or remove resources while running.
 * @public
 */
export const resourceRegistryToken: Token<ResourceRegistry> = createToken<ResourceRegistry>('mcp.resources');

/**
 * The prompt registry the MCP plugin serves; require it to add or remove prompts while running.
 * @public
 */
export const promptRegistryToken: Token<PromptRegistry> = createToken<PromptRegistry>('mcp.prompts');

/**
 * The running MCP service: its HTTP handler, stdio state and imported remotes.
 * @public
 */
export const mcpServiceToken: Token<McpService> = createToken<McpService>('mcp.service');
