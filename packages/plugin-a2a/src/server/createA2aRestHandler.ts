import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  A2A_CONTENT_TYPE,
  AgentCard,
  A2A_VERSION_HEADER,
  ListTaskPushNotificationConfigsResponse,
  ListTasksResponse,
  type Message,
  SendMessageRequest,
  SendMessageResponse,
  StreamResponse,
  Task,
  TaskPushNotificationConfig,
  TaskState,
  taskStateFromJSON,
} from '@a2a-js/sdk';
import {
  PushNotificationNotSupportedError,
  RequestMalformedError,
  restStatusFor,
  toRestErrorBody,
  VersionNotSupportedError,
} from '@a2a-js/sdk/errors';
import { type A2ARequestHandler, defaultServerCallContextBuilder, type ServerCallContext, validateVersion } from '@a2a-js/sdk/server';
import type { HttpTrackedStream } from '@cortex-os/http-api';
import type { Disposer } from '@cortex-os/kernel';
import { type LegacyRoute, legacyRestRoutes, sendLegacyError } from './legacyRestRoutes.js';
import { userOf } from './PrincipalUser.js';
import { streamSse } from './streamSse.js';

/**
 * Options of {@link createA2aRestHandler}.
 * @public
 */
export interface A2aRestHandlerOptions {
  /** The SDK request handler (the same one the JSON-RPC endpoint uses). */
  readonly requestHandler: A2ARequestHandler;
  /** Where the binding is mounted, e.g. `/a2a/rest`; routes follow it (`/a2a/rest/message:send`). */
  readonly prefix: string;
  /** Registers an SSE response so that the server's shutdown ends it. */
  readonly trackStream?: (stream: HttpTrackedStream) => Disposer;
}

/**
 * Serves the A2A HTTP+JSON (REST) binding over node's `http` request and response.
 * @public
 */
export interface A2aRestHandler {
  /**
   * Answers one request under the prefix.
   * @param body - the parsed JSON body when the host already read it; otherwise it is read here
   * @param principal - the caller the host authenticated, if any: it receives the extended card
   */
  handle(req: IncomingMessage, res: ServerResponse, body?: unknown, principal?: { readonly id: string }): Promise<void>;
}

type Route = (ctx: RouteContext) => Promise<void>;
interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly body: Record<string, unknown>;
  readonly query: URLSearchParams;
  readonly context: ServerCallContext;
  readonly params: readonly string[];
  /** The tenant of a `/{tenant}/…` path, else `''`. */
  readonly tenant: string;
}

function send(res: ServerResponse, status: number, value: unknown): void {
  if (status === 204) {
    res.writeHead(204).end();
    return;
  }
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': A2A_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The SDK's REST error body; an internal error's message is replaced (it may hold paths or stack frames). */
function sendError(res: ServerResponse, error: unknown): void {
  const status = restStatusFor(error);
  send(res, status, toRestErrorBody(status >= 500 ? new Error('Internal error') : error, status));
}

function intParam(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RequestMalformedError(`${name} must be an integer from ${min} to ${max}`);
  return value;
}

function sendResult(result: Message | Task): unknown {
  const payload = 'messageId' in result ? { $case: 'message' as const, value: result } : { $case: 'task' as const, value: result };
  return SendMessageResponse.toJSON({ payload });
}

function sendRequest(body: Record<string, unknown>, tenant: string): SendMessageRequest {
  // The path's tenant is the canonical one (as in the SDK's router), whatever the body says.
  const request = { ...SendMessageRequest.fromJSON(body), ...(tenant === '' ? {} : { tenant }) };
  if (!request.message?.messageId) throw new RequestMalformedError('message.messageId is required');
  return request;
}

/** The routes, by method and path pattern (`{id}` is one path segment). */
function routes(handler: A2ARequestHandler, trackStream: A2aRestHandlerOptions['trackStream']): [string, RegExp, Route][] {
  const stream = async ({ res }: RouteContext, events: AsyncGenerator<StreamResponse, void, undefined>) =>
    streamSse(
      res,
      events,
      (event) => StreamResponse.toJSON(event),
      (error) => toRestErrorBody(error, restStatusFor(error)),
      trackStream,
      (error) => sendError(res, error),
    );
  const resubscribe: Route = async (ctx) => stream(ctx, handler.resubscribe({ id: ctx.params[0] ?? '', tenant: ctx.tenant }, ctx.context));
  return [
    [
      'GET',
      /^\/extendedAgentCard$/,
      async ({ res, context, tenant }) =>
        send(res, 200, AgentCard.toJSON(await handler.getAuthenticatedExtendedAgentCard({ tenant }, context))),
    ],
    [
      'POST',
      /^\/message:send$/,
      async ({ res, body, context, tenant }) => send(res, 200, sendResult(await handler.sendMessage(sendRequest(body, tenant), context))),
    ],
    ['POST', /^\/message:stream$/, async (ctx) => stream(ctx, handler.sendMessageStream(sendRequest(ctx.body, ctx.tenant), ctx.context))],
    ['GET', /^\/tasks\/([^/:]+):subscribe$/, resubscribe],
    ['POST', /^\/tasks\/([^/:]+):subscribe$/, resubscribe],
    [
      'POST',
      /^\/tasks\/([^/:]+):cancel$/,
      async ({ res, params, context, tenant }) =>
        send(res, 200, Task.toJSON(await handler.cancelTask({ id: params[0] ?? '', tenant, metadata: {} }, context))),
    ],
    [
      'GET',
      /^\/tasks\/([^/:]+)$/,
      async ({ res, params, query, context, tenant }) => {
        const historyLength = intParam(query, 'historyLength', 0, Number.MAX_SAFE_INTEGER);
        send(
          res,
          200,
          Task.toJSON(
            await handler.getTask({ id: params[0] ?? '', tenant, ...(historyLength === undefined ? {} : { historyLength }) }, context),
          ),
        );
      },
    ],
    [
      'GET',
      /^\/tasks$/,
      async ({ res, query, context, tenant }) => {
        const status = query.get('status');
        const pageSize = intParam(query, 'pageSize', 1, 100);
        const historyLength = intParam(query, 'historyLength', 0, Number.MAX_SAFE_INTEGER);
        const listed = await handler.listTasks(
          {
            tenant,
            contextId: query.get('contextId') ?? '',
            status: status ? taskStateFromJSON(status) : TaskState.TASK_STATE_UNSPECIFIED,
            pageToken: query.get('pageToken') ?? '',
            statusTimestampAfter: query.get('statusTimestampAfter') || undefined,
            includeArtifacts: query.get('includeArtifacts') === 'true',
            ...(pageSize === undefined ? {} : { pageSize }),
            ...(historyLength === undefined ? {} : { historyLength }),
          },
          context,
        );
        send(res, 200, ListTasksResponse.toJSON(listed));
      },
    ],
    ...pushRoutes(handler),
  ];
}

/** The push notification config routes. */
function pushRoutes(handler: A2ARequestHandler): [string, RegExp, Route][] {
  const requirePush = async () => {
    if ((await handler.getAgentCard()).capabilities?.pushNotifications !== true) throw new PushNotificationNotSupportedError();
  };
  return [
    [
      'POST',
      /^\/tasks\/([^/:]+)\/pushNotificationConfigs$/,
      async ({ res, params, body, context, tenant }) => {
        await requirePush();
        const config = { ...TaskPushNotificationConfig.fromJSON({ ...body, taskId: params[0] }), ...(tenant === '' ? {} : { tenant }) };
        send(res, 201, TaskPushNotificationConfig.toJSON(await handler.createTaskPushNotificationConfig(config, context)));
      },
    ],
    [
      'GET',
      /^\/tasks\/([^/:]+)\/pushNotificationConfigs$/,
      async ({ res, params, context, tenant }) => {
        const listed = await handler.listTaskPushNotificationConfigs(
          { taskId: params[0] ?? '', pageSize: 0, pageToken: '', tenant },
          context,
        );
        send(res, 200, ListTaskPushNotificationConfigsResponse.toJSON(listed));
      },
    ],
    [
      'GET',
      /^\/tasks\/([^/:]+)\/pushNotificationConfigs\/([^/]+)$/,
      async ({ res, params, context, tenant }) =>
        send(
          res,
          200,
          TaskPushNotificationConfig.toJSON(
            await handler.getTaskPushNotificationConfig({ taskId: params[0] ?? '', id: params[1] ?? '', tenant }, context),
          ),
        ),
    ],
    [
      'DELETE',
      /^\/tasks\/([^/:]+)\/pushNotificationConfigs\/([^/]+)$/,
      async ({ res, params, context, tenant }) => {
        await handler.deleteTaskPushNotificationConfig({ taskId: params[0] ?? '', id: params[1] ?? '', tenant }, context);
        send(res, 204, undefined);
      },
    ],
  ];
}

/**
 * The route of a path: as it is, else with its first segment as the tenant (`/{tenant}/tasks/…`),
 * the order the SDK's router tries them in, so `/tasks/{id}` is never read as a tenant named `tasks`.
 */
function findRoute(
  table: readonly [string, RegExp, Route][],
  method: string,
  path: string,
): { route: Route; params: string[]; tenant: string } | undefined {
  const match = (candidate: string) => {
    for (const [routeMethod, pattern, route] of table) {
      const found = routeMethod === method ? pattern.exec(candidate) : null;
      if (found !== null) return { route, params: found.slice(1) };
    }
    return undefined;
  };
  const plain = match(path);
  if (plain !== undefined) return { ...plain, tenant: '' };
  const tenanted = /^\/([^/:]+)(\/.+)$/.exec(path);
  const inner = tenanted === null ? undefined : match(tenanted[2] ?? '');
  return inner === undefined ? undefined : { ...inner, tenant: tenanted?.[1] ?? '' };
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RequestMalformedError('Invalid JSON payload.');
  }
}

/**
 * Creates the A2A HTTP+JSON (REST) binding (v1.0) over an SDK request handler, the routes of
 * `@a2a-js/sdk`'s Express `restHandler` without Express: `GET /extendedAgentCard`, `POST /message:send`,
 * `POST /message:stream` (SSE), `GET /tasks/{id}`, `GET /tasks`, `POST /tasks/{id}:cancel`,
 * `GET|POST /tasks/{id}:subscribe` (SSE) and the push notification configs under
 * `/tasks/{id}/pushNotificationConfigs`.
 *
 * @remarks
 * Bodies and results are the v1.0 protobuf JSON mapping, as on the JSON-RPC binding; errors are
 * the SDK's REST error bodies (`{ error: { code, status, message, details } }`) with the A2A
 * error's HTTP status (404 task not found, 400 invalid or not cancelable, …); an internal error
 * is 500 with a fixed message. Requests to these routes must send `A2A-Version: 1.0` (no header
 * means 0.3: `VersionNotSupported`). Every route is also served under a tenant prefix,
 * `/{tenant}/…`: the path's tenant scopes the call (the SDK's stores keep tenants apart).
 *
 * A2A 0.3 clients (no `A2A-Version`, or `0.3`) are served under `/v1/…`, the 0.3 binding's paths
 * (`GET /v1/card`, `POST /v1/message:send` → 201, `POST /v1/message:stream`, `GET /v1/tasks/{id}`,
 * `POST /v1/tasks/{id}:cancel`, `GET|POST /v1/tasks/{id}:subscribe` and the push notification
 * configs), through the SDK's `LegacyRestTransportHandler`: 0.3 proto JSON bodies, bare 0.3 error
 * bodies (`{ code, message }`) with the same HTTP statuses.
 * @public
 */
export function createA2aRestHandler(options: A2aRestHandlerOptions): A2aRestHandler {
  const table = routes(options.requestHandler, options.trackStream);
  const legacyTable = legacyRestRoutes(options.requestHandler, options.trackStream);
  return {
    async handle(req, res, parsed, principal) {
      const versionHeader = req.headers[A2A_VERSION_HEADER.toLowerCase()];
      const version = typeof versionHeader === 'string' && versionHeader !== '' ? versionHeader : undefined;
      const url = new URL(req.url ?? '/', 'http://a2a.invalid');
      const path = safeDecode(url.pathname.slice(options.prefix.length));
      // No `A2A-Version` means 0.3 (as the spec says); 0.3 is served under `/v1/…`, where its clients send it.
      if ((version === undefined || version.startsWith('0.')) && path !== undefined && path.startsWith('/v1/')) {
        await handleLegacy(legacyTable, req, res, {
          path,
          query: url.searchParams,
          parsed,
          principal,
          version,
          handler: options.requestHandler,
        });
        return;
      }
      try {
        if (path === undefined) throw new RequestMalformedError('The path is not valid percent-encoding.');
        const found = findRoute(table, req.method ?? '', path);
        const context = defaultServerCallContextBuilder({
          extensions: undefined,
          user: userOf(principal),
          headers: req.headers,
          ...(version === undefined ? {} : { requestedVersion: version }),
          ...(found === undefined || found.tenant === '' ? {} : { tenant: found.tenant }),
        });
        if (context.requestedVersion.startsWith('0.'))
          throw new VersionNotSupportedError(
            `A2A ${context.requestedVersion} HTTP+JSON is served under ${options.prefix}/v1/; send A2A-Version: 1.0 here.`,
          );
        validateVersion(context.requestedVersion, await options.requestHandler.getAgentCard(), 'HTTP+JSON');
        if (found === undefined) {
          send(res, 404, { error: { code: 404, status: 'NOT_FOUND', message: `No A2A route ${req.method ?? ''} ${path}.`, details: [] } });
          return;
        }
        const body = req.method === 'POST' ? (parsed ?? (await readBody(req))) : {};
        if (typeof body !== 'object' || body === null || Array.isArray(body))
          throw new RequestMalformedError('The body must be a JSON object.');
        await found.route({
          req,
          res,
          body: body as Record<string, unknown>,
          query: url.searchParams,
          context,
          params: found.params,
          tenant: found.tenant,
        });
      } catch (error) {
        if (!res.headersSent) sendError(res, error);
        else if (!res.writableEnded) res.end();
      }
    },
  };
}

function safeDecode(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/** What a 0.3 request brings to {@link handleLegacy}. */
interface LegacyRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly parsed: unknown;
  readonly principal: { readonly id: string } | undefined;
  readonly version: string | undefined;
  readonly handler: A2ARequestHandler;
}

/** Answers a 0.3 request under `/v1/…`: its route, or a 0.3 error body (404 for an unknown route). */
async function handleLegacy(
  table: readonly LegacyRoute[],
  req: IncomingMessage,
  res: ServerResponse,
  request: LegacyRequest,
): Promise<void> {
  try {
    const context = defaultServerCallContextBuilder({
      extensions: undefined,
      user: userOf(request.principal),
      headers: req.headers,
      ...(request.version === undefined ? {} : { requestedVersion: request.version }),
    });
    validateVersion(context.requestedVersion, await request.handler.getAgentCard(), 'HTTP+JSON');
    const match = table
      .map(([method, pattern, route]) => ({ route, found: method === req.method ? pattern.exec(request.path) : null }))
      .find(({ found }) => found !== null);
    if (match === undefined) {
      sendLegacyNotFound(res, `No A2A 0.3 route ${req.method ?? ''} ${request.path}.`);
      return;
    }
    // The 0.3 reference clients send an empty POST as the JSON `null`.
    const body = req.method === 'POST' ? (request.parsed ?? (await readBody(req)) ?? {}) : {};
    if (typeof body !== 'object' || Array.isArray(body)) throw new RequestMalformedError('The body must be a JSON object.');
    await match.route({ res, body: body as Record<string, unknown>, query: request.query, context, params: match.found?.slice(1) ?? [] });
  } catch (error) {
    if (!res.headersSent) sendLegacyError(res, error);
    else if (!res.writableEnded) res.end();
  }
}

function sendLegacyNotFound(res: ServerResponse, message: string): void {
  const body = JSON.stringify({ code: -32601, message });
  res.writeHead(404, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
}
