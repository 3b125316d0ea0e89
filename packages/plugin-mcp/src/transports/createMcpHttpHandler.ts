import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import {
  checkJsonBodyInSlices,
  createClientAddressResolver,
  DEFAULT_MAX_JSON_DEPTH,
  exceedsJsonDepth,
  type BearerPrincipal,
} from '@cortex-os/http-api/security';
import type { Disposer } from '@cortex-os/kernel';
import { toNodeHandler, toWebRequest, type NodeIncomingMessageLike } from '@modelcontextprotocol/node';
import { createMcpHandler, isLegacyRequest, type AuthInfo } from '@modelcontextprotocol/server';
import { McpServerCore, type McpServerSources } from '../server/McpServerCore.js';
import { McpLegacySessions } from './McpLegacySessions.js';
import { MCP_PARSE_ERROR_MESSAGE } from './mcpParseErrorAnswer.js';
import { isListenRequest, McpListenStreams } from './McpListenStreams.js';
import { sessionLimitSettings, type McpSessionLimits } from './McpSessionLimits.js';
import {
  createMcpRequestGuard,
  MCP_DEFAULT_MAX_BODY_BYTES,
  reject,
  type McpGuardResult,
  type McpHttpSecurityOptions,
} from './McpHttpSecurity.js';

/**
 * Options of {@link createMcpHttpHandler}.
 * @public
 */
export interface CreateMcpHttpHandlerOptions extends McpServerSources, McpHttpSecurityOptions, McpSessionLimits {
  /** Idle time after which a 2025-era session is closed and forgotten; default 10 minutes. */
  readonly sessionTtlMs?: number;
  /** How often expired sessions are swept; default `sessionTtlMs / 2`, `0` turns the timer off (call `sweep()` yourself). */
  readonly sweepIntervalMs?: number;
  /** Clock for session expiry; default `Date.now`. */
  readonly now?: () => number;
  /**
   * The host already checked Host, Origin and authentication (the runtime HTTP service's
   * `mountRaw` does) and passes the principal to {@link McpHttpHandler.handle}: skip those
   * checks here. The body-size limit still applies.
   */
  readonly hostChecksDone?: boolean;
  /**
   * Registers each open GET stream (2025-era sessions) and `subscriptions/listen` stream
   * (2026-07-28) with the host, which ends it when it
   * begins to shut down, before waiting for requests in flight (the runtime HTTP service's
   * `trackStream`). Without it, streams end when {@link McpHttpHandler.close} runs.
   */
  readonly trackStream?: (stream: HttpTrackedStream) => Disposer;
}

/**
 * The Streamable HTTP endpoint: a `(req, res, body)` handler for a raw Node HTTP route.
 * @public
 */
export interface McpHttpHandler {
  /**
   * Serves one request; `body` is the parsed JSON body when the host already read it, and
   * `principal` the caller the host authenticated (with `hostChecksDone`; ignored otherwise), and
   * `clientAddress` the caller's address as the host trusts it (default: the connection's peer),
   * which the per-address session limits count by.
   */
  handle(req: IncomingMessage, res: ServerResponse, body?: unknown, principal?: BearerPrincipal, clientAddress?: string): Promise<void>;
  /** Open 2025-era sessions. */
  readonly sessionCount: number;
  /** Closes sessions idle longer than the TTL; returns how many were closed. */
  sweep(): Promise<number>;
  /** Closes every session and in-flight exchange and stops listening to the registries. */
  close(): Promise<void>;
}

/**
 * Creates the MCP Streamable HTTP endpoint over the kernel's registries.
 *
 * @remarks
 * Requests that carry the 2026-07-28 per-request envelope are served statelessly: one SDK server
 * instance per request. 2025-era clients (`initialize` handshake) get a session — one server and
 * one transport per session, never shared — that expires after `sessionTtlMs` of inactivity.
 * Every request passes the Host, Origin, bearer-token and body-size checks first.
 * @throws {@link McpError} `MCP_HTTP_OPTIONS_INVALID` when listening beyond loopback without `auth`;
 * `EdgeSecurityError` `EDGE_TRUSTED_PROXY_INVALID` for a `trustedProxies` entry that is not an address or subnet.
 * @example
 * ```ts
 * const mcp = createMcpHttpHandler({ tools: kernel.tools });
 * createServer((req, res) => void mcp.handle(req, res)).listen(3000, '127.0.0.1');
 * ```
 * @public
 */
export function createMcpHttpHandler(options: CreateMcpHttpHandlerOptions): McpHttpHandler {
  const guard = options.hostChecksDone === true ? undefined : createMcpRequestGuard(options);
  const clients = createClientAddressResolver(options.trustedProxies ?? []);
  const core = new McpServerCore(options);
  const now = options.now ?? Date.now;
  const ttl = options.sessionTtlMs ?? 600_000;
  const maxBodyBytes = options.maxBodyBytes ?? MCP_DEFAULT_MAX_BODY_BYTES;
  const legacy = new McpLegacySessions({
    ttlMs: ttl,
    now,
    limits: sessionLimitSettings(options),
    createServer: () => core.create({ era: 'legacy' }, true),
    trackStream: options.trackStream,
    logger: options.logger,
  });
  const sessions = legacy.table;
  // The SDK reports here each request it refuses (406, 409, a bad session…): the operator sees why, above debug.
  const onerror = (error: Error): void => options.logger?.info({ err: error }, 'MCP HTTP request refused');
  const maxJsonDepth = options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;

  const modern = createMcpHandler((ctx) => core.create(ctx, false), { legacy: 'reject', onerror, maxRequestBodySize: maxBodyBytes });
  const modernNode = toNodeHandler(modern, { onerror, maxRequestBodySize: maxBodyBytes });
  const listens =
    options.trackStream === undefined
      ? undefined
      : new McpListenStreams(modern, { onerror, maxRequestBodySize: maxBodyBytes }, options.trackStream);
  const stopNotify = core.onListChanged((kind) => {
    if (kind === 'tools') modern.notify.toolsChanged();
    else if (kind === 'resources') modern.notify.resourcesChanged();
    else modern.notify.promptsChanged();
  });
  const stopUpdated = options.resources?.onUpdated((uri) => modern.notify.resourceUpdated(uri));

  const interval = options.sweepIntervalMs ?? Math.max(1000, Math.floor(ttl / 2));
  const timer = interval > 0 ? setInterval(() => void sweep(), interval) : undefined;
  timer?.unref();

  const sweep = (): Promise<number> => sessions.sweep();

  return {
    async handle(req, res, body, principal, clientAddress) {
      try {
        const checked: McpGuardResult =
          guard === undefined ? { ok: true, ...(principal === undefined ? {} : { auth: principal }) } : await guard(req, res);
        if (!checked.ok) {
          // The guard answered 401 or 403; its cause is logged as every other refusal's is.
          options.logger?.info({ status: res.statusCode }, `MCP HTTP request refused: ${checked.reason}`);
          return;
        }
        let parsed = body;
        if (parsed === undefined && req.method === 'POST') {
          const read = await readJson(req, maxBodyBytes, maxJsonDepth);
          if (read.status !== 200) {
            options.logger?.info({ status: read.status, reason: read.message }, 'MCP HTTP request refused');
            reject(res, read.status, read.status === 400 && !read.deep ? -32700 : -32600, read.message);
            return;
          }
          parsed = read.value;
        }
        const request = await toWebRequest(req as unknown as NodeIncomingMessageLike, parsed);
        if (await isLegacyRequest(request, parsed)) {
          await legacy.serve(withAuth(req, checked.auth), res, parsed, clientAddress ?? clients.resolve(req));
          return;
        }
        const nodeReq = withAuth(req, checked.auth) as unknown as NodeIncomingMessageLike;
        if (listens !== undefined && isListenRequest(parsed)) await listens.serve(nodeReq, res, parsed);
        else await modernNode(nodeReq, res, parsed);
      } catch (thrown) {
        options.logger?.error({ err: thrown }, 'MCP HTTP request failed');
        reject(res, 500, -32603, 'Internal error.');
      }
    },
    get sessionCount() {
      return sessions.size;
    },
    sweep,
    async close() {
      if (timer !== undefined) clearInterval(timer);
      stopNotify();
      stopUpdated?.();
      await sessions.closeAll();
      await modern.close();
      core.dispose();
    },
  };
}

/** Hands the verified principal to the SDK as the request's `authInfo` (tool calls see its id as the caller). */
function withAuth(req: IncomingMessage, principal: BearerPrincipal | undefined): IncomingMessage & { auth?: AuthInfo } {
  const nodeReq = req as IncomingMessage & { auth?: AuthInfo };
  if (principal !== undefined)
    nodeReq.auth = {
      token: '',
      clientId: principal.id,
      scopes: [...(principal.scopes ?? [])],
      ...(principal.expiresAt === undefined ? {} : { expiresAt: principal.expiresAt }),
    };
  return nodeReq;
}

/** Bodies larger than this are checked and parsed in slices, the event loop running between them. */
const JSON_SLICE_CHARS = 64 * 1024;

/** A large body, checked and parsed in slices so that other requests are answered meanwhile. */
async function readLargeJson(
  text: string,
  maxDepth: number,
): Promise<{ status: 200; value: unknown } | { status: 400; message: string; deep?: true }> {
  const outcome = await checkJsonBodyInSlices(text, {
    maxDepth,
    sliceChars: JSON_SLICE_CHARS,
    yieldToLoop: () => new Promise<void>((resolve) => setImmediate(resolve)),
  });
  // Blank text is no JSON-RPC message: a parse error, as JSON.parse('') is for a small body.
  if (outcome.ok && outcome.value !== undefined) return { status: 200, value: outcome.value };
  if (!outcome.ok && outcome.reason === 'too-deep')
    return { status: 400, deep: true, message: `Invalid Request: the body nests deeper than ${maxDepth} levels.` };
  return { status: 400, message: MCP_PARSE_ERROR_MESSAGE };
}

async function readJson(
  req: IncomingMessage,
  limit: number,
  maxDepth: number,
): Promise<{ status: 200; value: unknown } | { status: 400 | 413; message: string; deep?: true }> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return { status: 413, message: `Request body too large: the limit is ${limit} bytes.` };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      return { status: 413, message: `Request body too large: the limit is ${limit} bytes.` };
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.length > JSON_SLICE_CHARS) return readLargeJson(text, maxDepth);
  // Parsed, a body nested 10,000 deep overflows the stack of the SDK's validation: a 500 for a client's mistake.
  if (exceedsJsonDepth(text, maxDepth)) {
    return { status: 400, deep: true, message: `Invalid Request: the body nests deeper than ${maxDepth} levels.` };
  }
  try {
    return { status: 200, value: JSON.parse(text) as unknown };
  } catch {
    return { status: 400, message: MCP_PARSE_ERROR_MESSAGE };
  }
}
