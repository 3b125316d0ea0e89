import type { BearerAuthSettings, BearerAuthSettingsInput } from '@cortex-os/http-api/security';
import type { McpRemoteTransport } from '../client/McpRemoteServer.js';

/**
 * One remote MCP server whose tools the plugin imports under a namespace.
 * @public
 */
export interface McpRemoteOptions {
  /** Name of the remote (letters, digits, `_`, `-`; at most 64). */
  readonly name: string;
  /** Prefix of the imported tools' names; the remote's `name` when absent. */
  readonly namespace?: string | undefined;
  readonly transport: McpRemoteTransport;
  readonly connectTimeoutMs?: number | undefined;
  readonly requestTimeoutMs?: number | undefined;
  /** `'auto'` tries Streamable HTTP then the legacy SSE transport; `'legacy'` goes straight to SSE. */
  readonly protocol?: 'auto' | 'legacy' | undefined;
  /** Believe the server's tool annotations (see `importMcpTools`); default `false`. */
  readonly trusted?: boolean | undefined;
}

/**
 * The Streamable HTTP endpoint's options as the plugin holds them after parsing.
 * @public
 */
export interface McpHttpEndpointSettings {
  /** Path the endpoint is mounted at on the runtime's HTTP server. */
  readonly path: string;
  /** Where the host serving the standalone endpoint listens (the runtime HTTP service checks its own). */
  readonly listenHost: string;
  /** Host names (no port); see `@cortex-os/http-api/security`. */
  readonly allowedHosts: readonly string[];
  /** Origins as browsers send them (`http://localhost:5173`); see `@cortex-os/http-api/security`. */
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes?: number | undefined;
  readonly sessionTtlMs?: number | undefined;
  /** Most 2025-era sessions (default 10,000); the longest-idle one that is not busy is evicted beyond it. */
  readonly maxSessions?: number | undefined;
  /** Most sessions from one client address; default 1,000. */
  readonly maxSessionsPerClient?: number | undefined;
  /** Most open GET streams from one client address; default 100. */
  readonly maxStreamsPerClient?: number | undefined;
  /** `initialize` calls per client address; default a burst of 100, then 10 per second; `false` turns it off. */
  readonly initializeRate?: false | { readonly perSecond: number; readonly burst: number } | undefined;
  /** Bearer tokens and verifiers of the standalone endpoint, like the http plugin's `auth`. */
  readonly auth: BearerAuthSettings;
  /** Reverse proxies (addresses or subnets) whose `X-Forwarded-For` the standalone endpoint believes; default none. */
  readonly trustedProxies: readonly string[];
}

/**
 * The Streamable HTTP endpoint's options as a host writes them (every field has a default).
 * @public
 */
export interface McpHttpEndpointOptions {
  readonly path?: string | undefined;
  readonly listenHost?: string | undefined;
  readonly allowedHosts?: readonly string[] | undefined;
  readonly allowedOrigins?: readonly string[] | undefined;
  readonly maxBodyBytes?: number | undefined;
  readonly sessionTtlMs?: number | undefined;
  /** Default 10,000. */
  readonly maxSessions?: number | undefined;
  /** Default 1,000. */
  readonly maxSessionsPerClient?: number | undefined;
  /** Default 100. */
  readonly maxStreamsPerClient?: number | undefined;
  /** Default a burst of 100, then 10 per second; `false` turns it off. */
  readonly initializeRate?: false | { readonly perSecond: number; readonly burst: number } | undefined;
  readonly auth?: BearerAuthSettingsInput | undefined;
  /** Default `[]`: the client address is the connection's peer (standalone endpoint only). */
  readonly trustedProxies?: readonly string[] | undefined;
}

/**
 * The MCP plugin's options as a host writes them.
 * @public
 */
export interface McpPluginOptionsInput {
  /** Server name announced to clients; `'cortex-os'` by default. */
  readonly name?: string | undefined;
  readonly version?: string | undefined;
  readonly instructions?: string | undefined;
  /** Serve over stdin/stdout; `false` by default. */
  readonly stdio?: boolean | undefined;
  /** Serve Streamable HTTP; `false` (off) by default. */
  readonly http?: false | McpHttpEndpointOptions | undefined;
  readonly remotes?: readonly McpRemoteOptions[] | undefined;
  /** Inline the text of resources a tool result links to; `false` by default. */
  readonly embedLinkedResources?: boolean | undefined;
}

/**
 * The MCP plugin's options after parsing, defaults filled in.
 * @public
 */
export interface McpPluginOptions {
  readonly name: string;
  readonly version: string;
  readonly instructions?: string | undefined;
  readonly stdio: boolean;
  readonly http: false | McpHttpEndpointSettings;
  readonly remotes: readonly McpRemoteOptions[];
  readonly embedLinkedResources: boolean;
}
