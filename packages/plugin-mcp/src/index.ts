/**
 * The Cortex-OS MCP plugin: serves the kernel's tool registry (plus resources and prompts) as an
 * MCP server over stdio and Streamable HTTP, and imports remote MCP servers' tools, on the
 * official MCP TypeScript SDK v2 (protocol 2026-07-28 and the 2025-11-25 handshake).
 *
 * @packageDocumentation
 */
export { McpError } from './errors/McpError.js';
export { mcpErrorCatalogue, type McpErrorCode } from './errors/mcpErrorCatalogue.js';

// Resources and prompts live in the kernel (any plugin contributes them on `resourceToken` /
// `promptToken`); re-exported here so code written against this package keeps working.
export {
  parseUriTemplate,
  defineResource,
  defineResourceTemplate,
  createResourceRegistry,
  definePrompt,
  createPromptRegistry,
  type UriTemplate,
  type ResourceDefinition,
  type ResourceTemplateDefinition,
  type ResourceContents,
  type ResourceReadContext,
  type ResourceReadResult,
  type ResourceRegistry,
  type ResourceDescriptor,
  type ResourceTemplateDescriptor,
  type PromptDefinition,
  type PromptArgumentsSchema,
  type PromptContent,
  type PromptMessage,
  type PromptRenderResult,
  type PromptRegistry,
  type PromptDescriptor,
  type PromptArgumentDescriptor,
} from '@cortex-os/kernel';

export type { McpServerSources } from './server/McpServerCore.js';
export { createMcpHttpHandler, type CreateMcpHttpHandlerOptions, type McpHttpHandler } from './transports/createMcpHttpHandler.js';
export type { McpHttpSecurityOptions } from './transports/McpHttpSecurity.js';
export { serveMcpStdio, type ServeMcpStdioOptions, type McpStdioServer } from './transports/serveMcpStdio.js';

export {
  connectMcpServer,
  type ConnectMcpServerOptions,
  type McpRemoteServer,
  type McpRemoteTransport,
  type McpRemoteCallOptions,
} from './client/McpRemoteServer.js';
export { importMcpTools, type ImportMcpToolsOptions, type ImportedMcpTools } from './client/importMcpTools.js';

export { mcpPlugin } from './plugin/mcpPlugin.js';
export type { McpService } from './plugin/McpService.js';
export { mcpServiceToken, mcpResourceToken, mcpPromptToken, resourceRegistryToken, promptRegistryToken } from './plugin/mcpTokens.js';
