/**
 * The Cortex-OS MCP plugin: serves the kernel's tool registry (plus resources and prompts) as an
 * MCP server over stdio and Streamable HTTP, and imports remote MCP servers' tools, on the
 * official MCP TypeScript SDK v2 (protocol 2026-07-28 and the 2025-11-25 handshake).
 *
 * @packageDocumentation
 */
export { McpError } from './errors/McpError.js';
export { mcpErrorCatalogue, type McpErrorCode } from './errors/mcpErrorCatalogue.js';

export { parseUriTemplate, type UriTemplate } from './resources/UriTemplate.js';
export {
  defineResource,
  defineResourceTemplate,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
  type ResourceContents,
  type ResourceReadContext,
  type ResourceReadResult,
} from './resources/ResourceDefinition.js';
export { createResourceRegistry, type ResourceRegistry, type ResourceDescriptor, type ResourceTemplateDescriptor } from './resources/ResourceRegistry.js';
export { definePrompt, type PromptDefinition, type PromptArgumentsSchema, type PromptContent, type PromptMessage, type PromptRenderResult } from './prompts/PromptDefinition.js';
export { createPromptRegistry, type PromptRegistry, type PromptDescriptor, type PromptArgumentDescriptor } from './prompts/PromptRegistry.js';

export type { McpServerSources } from './server/McpServerCore.js';
export { createMcpHttpHandler, type CreateMcpHttpHandlerOptions, type McpHttpHandler } from './transports/createMcpHttpHandler.js';
export type { McpAuthInfo, McpHttpAuth, McpHttpSecurityOptions } from './transports/McpHttpSecurity.js';
export { serveMcpStdio, type ServeMcpStdioOptions, type McpStdioServer } from './transports/serveMcpStdio.js';

export { connectMcpServer, type ConnectMcpServerOptions, type McpRemoteServer, type McpRemoteTransport, type McpRemoteCallOptions } from './client/McpRemoteServer.js';
export { importMcpTools, type ImportMcpToolsOptions, type ImportedMcpTools } from './client/importMcpTools.js';

export { mcpPlugin } from './plugin/mcpPlugin.js';
export type { McpService } from './plugin/McpService.js';
export { mcpServiceToken, mcpResourceToken, mcpPromptToken, resourceRegistryToken, promptRegistryToken } from './plugin/mcpTokens.js';
