import { createMultiToken, createToken } from '@cortex-os/kernel';
import type { PromptDefinition } from '../prompts/PromptDefinition.js';
import type { PromptRegistry } from '../prompts/PromptRegistry.js';
import type { ResourceDefinition, ResourceTemplateDefinition } from '../resources/ResourceDefinition.js';
import type { ResourceRegistry } from '../resources/ResourceRegistry.js';
import type { McpService } from './McpService.js';

/**
 * Resources and templates other plugins contribute (a multi token: provide one or several).
 * @public
 */
export const mcpResourceToken = createMultiToken<ResourceDefinition | ResourceTemplateDefinition>('mcp.resource');

/**
 * Prompts other plugins contribute (a multi token: provide one or several).
 * @public
 */
export const mcpPromptToken = createMultiToken<PromptDefinition>('mcp.prompt');

/**
 * The resource registry the MCP plugin serves; require it to add or remove resources while running.
 * @public
 */
export const resourceRegistryToken = createToken<ResourceRegistry>('mcp.resources');

/**
 * The prompt registry the MCP plugin serves; require it to add or remove prompts while running.
 * @public
 */
export const promptRegistryToken = createToken<PromptRegistry>('mcp.prompts');

/**
 * The running MCP service: its HTTP handler, stdio state and imported remotes.
 * @public
 */
export const mcpServiceToken = createToken<McpService>('mcp.service');
