import { createRequire } from 'node:module';
import { definePlugin, optional, type PluginFactory } from '@cortex-os/kernel';
import { httpServiceToken, type HttpTrackedStream } from '@cortex-os/http-api';
import { allowedHostsSchema, allowedOriginsSchema, bearerAuthSchema } from '@cortex-os/http-api/security';
import { z } from 'zod';
import { importMcpTools, type ImportedMcpTools } from '../client/importMcpTools.js';
import { connectMcpServer, type McpRemoteServer } from '../client/McpRemoteServer.js';
import { createMcpHttpHandler, type McpHttpHandler } from '../transports/createMcpHttpHandler.js';
import { MCP_DEFAULT_MAX_BODY_BYTES } from '../transports/McpHttpSecurity.js';
import { mcpParseErrorAnswer } from '../transports/mcpParseErrorAnswer.js';
import { serveMcpStdio, type McpStdioServer } from '../transports/serveMcpStdio.js';
import { mcpTaskReceiverToken } from '../tasks/mcpTaskReceiverToken.js';
import { mcpServiceToken } from './mcpTokens.js';
import type { McpPluginOptions, McpPluginOptionsInput } from './McpPluginOptions.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

const remoteSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  namespace: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/)
    .optional(),
  transport: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('stdio'),
      command: z.string().min(1),
      args: z.array(z.string()).exactOptional(),
      env: z.record(z.string(), z.string()).exactOptional(),
      cwd: z.string().exactOptional(),
    }),
    z.object({ type: z.literal('http'), url: z.url(), headers: z.record(z.string(), z.string()).exactOptional() }),
  ]),
  connectTimeoutMs: z.number().int().positive().optional(),
  requestTimeoutMs: z.number().int().positive().optional(),
  trusted: z.boolean().optional(),
  protocol: z.enum(['auto', 'legacy']).optional(),
});

const httpSchema = z.object({
  /** Path the endpoint is mounted at on the runtime's HTTP server. */
  path: z.string().startsWith('/').default('/mcp'),
  /** Where the host serving the standalone endpoint listens (the runtime HTTP service checks its own). */
  listenHost: z.string().default('127.0.0.1'),
  /** Host names (no port); see `@cortex-os/http-api/security`. */
  allowedHosts: allowedHostsSchema,
  /** Origins as browsers send them (`http://localhost:5173`); see `@cortex-os/http-api/security`. */
  allowedOrigins: allowedOriginsSchema,
  maxBodyBytes: z.number().int().positive().optional(),
  sessionTtlMs: z.number().int().positive().optional(),
  /** Most 2025-era sessions; the longest-idle one that is not busy is evicted beyond it. */
  maxSessions: z.number().int().positive().optional(),
  /** Most sessions and GET streams from one client address. */
  maxSessionsPerClient: z.number().int().positive().optional(),
  maxStreamsPerClient: z.number().int().positive().optional(),
  /** `initialize` calls per client address: a burst, then so many per second; `false` turns it off. */
  initializeRate: z
    .union([z.literal(false), z.object({ perSecond: z.number().positive(), burst: z.number().int().positive() })])
    .optional(),
  /** Bearer tokens and verifiers of the standalone endpoint, like the http plugin's `auth`. */
  auth: bearerAuthSchema,
  /** Reverse proxies whose `X-Forwarded-For` the standalone endpoint believes (the HTTP service has its own). */
  trustedProxies: z.array(z.string().min(1)).readonly().default([]),
});

// Declared rather than inferred: the option types are public API, and an inferred zod type prints
// its enum members in an order that varies between builds.
/**
 * The options schema of {@link mcpPlugin}: validate a configuration with it before assembling (`@cortex-os/runtime`'s `loadRuntimeConfig`).
 * @public
 */
export const mcpPluginOptions: z.ZodType<McpPluginOptions, McpPluginOptionsInput> = z.object({
  name: z.string().default('cortex-os'),
  version: z.string().default('0.1.0'),
  instructions: z.string().optional(),
  stdio: z.boolean().default(false),
  http: z.union([z.literal(false), httpSchema]).default(false),
  remotes: z.array(remoteSchema).default([]),
  embedLinkedResources: z.boolean().default(false),
});

/**
 * The MCP plugin: serves the kernel's tools, resources and prompts (`kernel.tools`,
 * `kernel.resources`, `kernel.prompts`) over stdio and Streamable HTTP, and imports remote MCP
 * servers' tools under a namespace.
 *
 * @remarks
 * Provides {@link mcpServiceToken}. What plugins contribute on the kernel's extension points
 * (`kernelExtensionPoints.tools`, `.resources`, `.prompts`) is served as it comes and goes.
 * @example
 * ```ts
 * const kernel = createKernel({ plugins: [mcpPlugin({ stdio: true })] });
 * await kernel.start();
 * ```
 * @public
 */
export const mcpPlugin: PluginFactory<z.ZodType<McpPluginOptions, McpPluginOptionsInput>> = definePlugin({
  name: 'mcp',
  version: packageVersion,
  description: 'Model Context Protocol server (stdio, Streamable HTTP) and client.',
  options: mcpPluginOptions,
  requires: { http: optional(httpServiceToken), tasks: optional(mcpTaskReceiverToken) },
  provides: { service: mcpServiceToken },
  async start({ options, deps, tools, resources, prompts, logger }) {
    const remotes = new Map<string, { server: McpRemoteServer; tools: ImportedMcpTools }>();
    for (const remote of options.remotes) {
      let imported: ImportedMcpTools | undefined;
      const server = await connectMcpServer({
        name: remote.name,
        transport: remote.transport,
        ...(remote.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: remote.connectTimeoutMs }),
        ...(remote.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: remote.requestTimeoutMs }),
        ...(remote.protocol === undefined ? {} : { protocol: remote.protocol }),
        onToolsChanged: () =>
          void imported
            ?.refresh()
            .catch((error: unknown) => logger.warn({ err: error, remote: remote.name }, 'refreshing remote MCP tools failed')),
      });
      imported = await importMcpTools(server, tools, { namespace: remote.namespace ?? remote.name, trusted: remote.trusted ?? false });
      remotes.set(remote.name, { server, tools: imported });
      logger.info({ remote: remote.name, tools: imported.names.length }, 'imported remote MCP tools');
    }

    const sources = {
      tools,
      resources,
      prompts,
      name: options.name,
      version: options.version,
      logger,
      embedLinkedResources: options.embedLinkedResources,
      ...(deps.tasks === undefined ? {} : { tasks: deps.tasks }),
      ...(options.instructions === undefined ? {} : { instructions: options.instructions }),
    };
    let http: McpHttpHandler | undefined;
    if (options.http !== false) {
      const h = options.http;
      // With the runtime HTTP service present, it checks Host, Origin and the bearer token before
      // our handler runs (its own policy and configuration), and we mount on it.
      const host = deps.http;
      const hosted = host !== undefined;
      http = createMcpHttpHandler({
        ...sources,
        hostChecksDone: hosted,
        // Its shutdown ends our GET streams before it waits for the calls in flight.
        ...(host === undefined ? {} : { trackStream: (stream: HttpTrackedStream) => host.trackStream(stream) }),
        listenHost: h.listenHost,
        allowedHosts: h.allowedHosts,
        trustedProxies: h.trustedProxies,
        allowedOrigins: h.allowedOrigins,
        auth: h.auth,
        ...(h.maxBodyBytes === undefined ? {} : { maxBodyBytes: h.maxBodyBytes }),
        ...(h.sessionTtlMs === undefined ? {} : { sessionTtlMs: h.sessionTtlMs }),
        ...(h.maxSessions === undefined ? {} : { maxSessions: h.maxSessions }),
        ...(h.maxSessionsPerClient === undefined ? {} : { maxSessionsPerClient: h.maxSessionsPerClient }),
        ...(h.maxStreamsPerClient === undefined ? {} : { maxStreamsPerClient: h.maxStreamsPerClient }),
        ...(h.initializeRate === undefined ? {} : { initializeRate: h.initializeRate }),
      });
      if (deps.http !== undefined) {
        const handler = http;
        deps.http.mountRaw({
          path: h.path,
          methods: ['GET', 'POST', 'DELETE'],
          description: 'MCP Streamable HTTP endpoint',
          // Sized to MCP, not to the server's REST default: the same limit as the standalone endpoint.
          bodyLimitBytes: h.maxBodyBytes ?? MCP_DEFAULT_MAX_BODY_BYTES,
          // A body the service cannot parse is answered in JSON-RPC, as the standalone endpoint answers it.
          onParseError: (failure) => {
            logger.info({ reason: failure.reason, requestId: failure.requestId }, 'MCP HTTP request refused');
            return mcpParseErrorAnswer(failure);
          },
          // The HTTP service authenticated the caller; its principal reaches tool calls as the caller id.
          handler: (req, res, body, context) => handler.handle(req, res, body, context.principal, context.clientAddress),
        });
      }
    }
    let stdio: McpStdioServer | undefined;
    let stdioClosed: Promise<void> = new Promise<void>(() => undefined);
    if (options.stdio) {
      stdioClosed = new Promise<void>((resolve) => {
        stdio = serveMcpStdio({ ...sources, onClose: resolve });
      });
    }
    state.set(tools, { http, stdio, remotes });
    return { service: { http, stdioClosed, remotes } };
  },
  async stop({ tools }) {
    const running = state.get(tools);
    state.delete(tools);
    if (running === undefined) return;
    await running.stdio?.close();
    await running.http?.close();
    await Promise.all(
      [...running.remotes.values()].map(async (r) => {
        r.tools.remove();
        await r.server.close();
      }),
    );
  },
});

// Per-kernel running state, keyed by the kernel's tool registry (one per kernel).
const state = new WeakMap<
  object,
  {
    http: McpHttpHandler | undefined;
    stdio: McpStdioServer | undefined;
    remotes: Map<string, { server: McpRemoteServer; tools: ImportedMcpTools }>;
  }
>();
