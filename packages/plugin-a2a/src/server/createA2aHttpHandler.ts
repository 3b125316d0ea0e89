import type { IncomingMessage, ServerResponse } from 'node:http';
import { A2A_VERSION_HEADER, AgentCard } from '@a2a-js/sdk';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import { type A2ARequestHandler, defaultServerCallContextBuilder, JsonRpcTransportHandler, validateVersion } from '@a2a-js/sdk/server';
import type { Disposer } from '@cortex-os/kernel';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import { toLegacyAgentCardJson } from './buildAgentCard.js';
import { userOf } from './PrincipalUser.js';
import { streamSse } from './streamSse.js';

/**
 * Options of {@link createA2aHttpHandler}.
 * @public
 */
export interface A2aHttpHandlerOptions {
  /** The SDK request handler (a `DefaultRequestHandler` over the runtime's agents). */
  readonly requestHandler: A2ARequestHandler;
  /** Registers an SSE response so that the server's shutdown ends it (the HTTP service's `trackStream`). */
  readonly trackStream?: (stream: HttpTrackedStream) => Disposer;
}

/**
 * Serves A2A over node's `http` request and response: the JSON-RPC endpoint and the Agent Card.
 * @public
 */
export interface A2aHttpHandler {
  /**
   * Answers one JSON-RPC request (a JSON body, or an SSE stream for `SendStreamingMessage`,
   * `SubscribeToTask`, `message/stream`, `tasks/resubscribe`).
   * @param body - the parsed body when the host already read it; otherwise it is read here, and
   *   a body that is not JSON is answered with a JSON-RPC parse error (−32700)
   * @param principal - the caller the host authenticated, if any: it receives the extended card
   */
  handleJsonRpc(req: IncomingMessage, res: ServerResponse, body?: unknown, principal?: { readonly id: string }): Promise<void>;
  /** Answers `GET /.well-known/agent-card.json`: the v1.0 card for `A2A-Version: 1.0`, the 0.3 form otherwise. */
  handleCard(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

type RpcId = string | number | null;
interface RpcError {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const INTERNAL_ERROR = -32603;

/** An internal error's text may hold paths or stack frames of this process: callers get a fixed one. */
function safeError(error: RpcError): RpcError {
  return error.code === INTERNAL_ERROR ? { code: INTERNAL_ERROR, message: 'Internal error' } : error;
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

function rpcError(res: ServerResponse, id: RpcId, error: RpcError): void {
  const safe = safeError(error);
  sendJson(res, safe.code === INTERNAL_ERROR ? 500 : 200, { jsonrpc: '2.0', id, error: safe });
}

async function readJson(req: IncomingMessage): Promise<{ ok: true; value: unknown } | { ok: false }> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The JSON-RPC 2.0 request object's shape (the SDK reports a malformed one as invalid params). */
function envelope(body: unknown): { id: RpcId; valid: boolean } {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { id: null, valid: false };
  const { jsonrpc, method, id } = body as { jsonrpc?: unknown; method?: unknown; id?: unknown };
  const idOk = id === undefined || id === null || typeof id === 'string' || typeof id === 'number';
  return { id: idOk ? ((id ?? null) as RpcId) : null, valid: jsonrpc === '2.0' && typeof method === 'string' && idOk };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

/**
 * Creates the A2A HTTP handler: the SDK's JSON-RPC transport handlers (v1.0, and v0.3 through its
 * compatibility layer for requests with no `A2A-Version` or `0.3`) behind node's `http`, so any
 * host mounts it — the runtime's HTTP service (Fastify) in {@link a2aServerPlugin}, or a plain server.
 *
 * @remarks
 * Errors are JSON-RPC errors, never a stack: a body that is not JSON −32700, a request that is not
 * JSON-RPC 2.0 −32600, an unknown method −32601, bad params −32602, an unknown task −32001, a
 * finished task canceled −32002, an unsupported `A2A-Version` −32009; an internal error is −32603
 * with a fixed message.
 * @public
 */
export function createA2aHttpHandler(options: A2aHttpHandlerOptions): A2aHttpHandler {
  const current = new JsonRpcTransportHandler(options.requestHandler);
  const legacy = new LegacyJsonRpcTransportHandler(options.requestHandler);
  return {
    async handleJsonRpc(req, res, parsed, principal) {
      let body = parsed;
      if (body === undefined) {
        const read = await readJson(req);
        if (!read.ok) return rpcError(res, null, { code: PARSE_ERROR, message: 'Parse error: the body is not JSON.' });
        body = read.value;
      }
      const { id, valid } = envelope(body);
      if (!valid) return rpcError(res, id, { code: INVALID_REQUEST, message: 'Invalid Request: not a JSON-RPC 2.0 request object.' });
      const requestedVersion = header(req, A2A_VERSION_HEADER);
      const isLegacy = (requestedVersion ?? '0.3') === '0.3';
      const context = defaultServerCallContextBuilder({
        extensions: undefined,
        user: userOf(principal),
        headers: req.headers,
        ...(requestedVersion === undefined ? {} : { requestedVersion }),
      });
      try {
        validateVersion(context.requestedVersion, await options.requestHandler.getAgentCard(), 'JSONRPC');
        const answer = await (isLegacy ? legacy : current).handle(body as Record<string, unknown>, context);
        if (Symbol.asyncIterator in answer) {
          return await streamSse(
            res,
            answer,
            (event) => event,
            (error) => ({ jsonrpc: '2.0', id, error: safeError(JsonRpcTransportHandler.mapToJSONRPCError(error)) }),
            options.trackStream,
            (error) => rpcError(res, id, JsonRpcTransportHandler.mapToJSONRPCError(error)),
          );
        }
        const reply = answer as { error?: RpcError };
        if (reply.error !== undefined) return rpcError(res, id, reply.error);
        sendJson(res, 200, answer);
      } catch (error) {
        rpcError(
          res,
          id,
          isLegacy ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError(error) : JsonRpcTransportHandler.mapToJSONRPCError(error),
        );
      }
    },
    async handleCard(req, res) {
      const card = await options.requestHandler.getAgentCard();
      const version = header(req, A2A_VERSION_HEADER) ?? '0.3';
      // The v1.0 card in its wire JSON (proto JSON mapping: oneofs such as security schemes by name).
      sendJson(res, 200, version === '0.3' ? toLegacyAgentCardJson(card) : AgentCard.toJSON(card), {
        vary: A2A_VERSION_HEADER,
        'cache-control': 'no-cache',
      });
    },
  };
}
