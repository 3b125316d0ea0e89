/**
 * The Cortex-OS MCP plugin: serves the kernel's tool registry (plus resources and prompts) as an
 * MCP server over stdio and Streamable HTTP, and imports remote MCP servers' tools, on the
 * official MCP TypeScript SDK v2 (protocol 2026-07-28 and the 2025-11-25 handshake).
 *
 * @packageDocumentation
 */
export { McpError } from './errors/McpError.js';
export { mcpErrorCatalogue, type McpErrorCode } from './errors/mcpErrorCatalogue.js';

export type { McpServerSources } from './server/McpServerCore.js';
export { createMcpHttpHandler, type CreateMcpHttpHandlerOptions, type McpHttpHandler } from './transports/createMcpHttpHandler.js';
export type { McpSessionLimits } from './transports/McpSessionLimits.js';
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

export { mcpPlugin, mcpPluginOptions } from './plugin/mcpPlugin.js';
export { mcpSamplingPlugin } from './plugin/mcpSamplingPlugin.js';
export { createMcpSamplingProvider, type McpSamplingProviderOptions } from './sampling/McpSamplingProvider.js';
export type {
  McpPluginOptions,
  McpPluginOptionsInput,
  McpHttpEndpointOptions,
  McpHttpEndpointSettings,
  McpRemoteOptions,
} from './plugin/McpPluginOptions.js';
export type { McpService } from './plugin/McpService.js';
export { mcpServiceToken } from './plugin/mcpTokens.js';
export type {
  McpTaskAsk,
  McpTaskQuestion,
  McpTaskReceiver,
  McpTaskReply,
  McpTaskToolResult,
  McpTaskView,
} from './tasks/McpTaskReceiver.js';
export { mcpTaskReceiverToken } from './tasks/mcpTaskReceiverToken.js';
