import type { ImportedMcpTools } from '../client/importMcpTools.js';
import type { McpRemoteServer } from '../client/McpRemoteServer.js';
import type { McpHttpHandler } from '../transports/createMcpHttpHandler.js';

/**
 * What the MCP plugin provides.
 * @public
 */
export interface McpService {
  /** The Streamable HTTP endpoint, when HTTP is enabled; mount it on any Node HTTP server. */
  readonly http: McpHttpHandler | undefined;
  /** Resolves when the stdio client disconnects (never, when stdio is off). */
  readonly stdioClosed: Promise<void>;
  /** Connected remote servers by name, with the tools imported from each. */
  readonly remotes: ReadonlyMap<string, { readonly server: McpRemoteServer; readonly tools: ImportedMcpTools }>;
}
