import {
  createToken,
  promptToken,
  resourceToken,
  type MultiToken,
  type PromptDefinition,
  type PromptRegistry,
  type ResourceDefinition,
  type ResourceRegistry,
  type ResourceTemplateDefinition,
  type Token,
} from '@cortex-os/kernel';
import type { McpService } from './McpService.js';

/**
 * Resources and templates other plugins contribute (a multi token: provide one or several).
 * @deprecated Use `resourceToken` from `@cortex-os/kernel` (this is the same token).
 * @public
 */
export const mcpResourceToken: MultiToken<ResourceDefinition | ResourceTemplateDefinition> = resourceToken;

/**
 * Prompts other plugins contribute (a multi token: provide one or several).
 * @deprecated Use `promptToken` from `@cortex-os/kernel` (this is the same token).
 * @public
 */
export const mcpPromptToken: MultiToken<PromptDefinition> = promptToken;

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
