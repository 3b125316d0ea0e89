import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import { Readable } from 'node:stream';
import {
  isHttpResponse,
  isHttpStreamBody,
  type HttpAuthPolicy,
  type HttpMethod,
  type HttpRawMount,
  type HttpRouteDefinition,
  type HttpRouteResult,
  type HttpRouteSummary,
  type HttpServerAddress,
  type HttpService,
  type HttpServicePhase,
} from '@cortex-os/http-api';
import {
  bearerChallenge,
  createBearerAuthenticator,
  createHostOriginGuard,
  type BearerAuthOptions,
  type BearerPrincipal,
} from '@cortex-os/http-api/security';
import { CortexError, createDisposer, runWithCorrelationId, type Logger, type ServiceScope } from '@cortex-os/kernel';
import type { Context, Span } from '@opentelemetry/api';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../errors/HttpError.js';
import type { HttpMetrics } from '../metrics/HttpMetrics.js';
import { PROBLEM_CONTENT_TYPE, toProblemAnswer, type ProblemFieldError } from '../problem/ProblemDetails.js';
import type { HttpTracing } from '../tracing/HttpTracing.js';
import { RouteRequestContext } from './RouteRequestContext.js';

/**
 * Options of {@link createHttpServer}.
 * @public
 */
export interface CreateHttpServerOptions {
  /** Default `127.0.0.1`. Anything beyond loopback requires `auth` (tokens or verifiers). */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** PEM key and certificate: the server speaks HTTPS. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Default 1 MiB; bigger bodies get 413. */
  readonly bodyLimitBytes?: number;
  /**
   * Bearer tokens and verifiers (`@cortex-os/http-api/security`); routes with auth `default`
   * require a bearer token as soon as any token or verifier is configured.
   */
  readonly auth?: BearerAuthOptions;
  /** Origins exactly as browsers send them (`http://localhost:5173`), allowed besides loopback ones when bound to loopback. */
  readonly allowedOrigins?: readonly string[];
  /** Host names (no port) allowed in the `Host` header besides loopback names (DNS-rebinding protection). */
  readonly allowedHosts?: readonly string[];
  /** The path route families mount under ({@link HttpService.restBasePath}); default `/api/v1`, `''` for the root. */
  readonly restBasePath?: string;
  /** Graceful drain timing (see {@link HttpService.shutdown}). */
  readonly drain?: {
    /** Time between readiness failing and the server refusing new requests (load balancers); default 0. */
    readonly delayMs?: number;
    /** After this, connections still open are cut; default 30 000. */
    readonly deadlineMs?: number;
  };
  /** Default: a silent logger. */
  readonly logger?: Logger;
  /** Opens the per-request DI scope; default: a scope that resolves nothing. */
  readonly createScope?: () => ServiceScope;
  /** Records RED metrics per route; default none. */
  readonly metrics?: HttpMetrics;
  /** Opens a server span per request while an OpenTelemetry SDK is registered; default none. */
  readonly tracing?: HttpTracing;
  /** Timer for the drain delay (tests pass a controllable one); default `setTimeout`. */
  readonly delay?: (ms: number) => Promise<void>;
}

/**
 * The Fastify-backed {@link HttpService}, disposable.
 * @public
 */
export interface HttpServer extends HttpService, AsyncDisposable {}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
// Segments of unreserved characters, each after a slash; '' (the root) is allowed too.
const BASE_PATH_PATTERN = /^(\/[A-Za-z0-9._~-]+)*$/;
const kState = Symbol('cortex-os.http.request');
const EMPTY = Object.freeze({});
const REQUEST_ID_HEADER = 'x-request-id';
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

interface RequestState {
  readonly requestId: string;
  principal: BearerPrincipal | undefined;
  span: Span | undefined;
  spanContext: Context | undefined;
}

type StatefulRequest = FastifyRequest & { [kState]?: RequestState };

/**
 * Creates the runtime's HTTP server on Fastify 5: JSON routes with zod validation, raw mounts,
 * problem+json errors, request ids, bearer auth and graceful drain. Listens on `listen()`.
 * @public
 */
// biome-ignore lint/complexity/noExcessiveLinesPerFunction: #14 (the edge) splits the server into auth, guard, drain, routes and problem modules
export function createHttpServer(options: CreateHttpServerOptions = {}): HttpServer {
  const host = options.host ?? '127.0.0.1';
  const restBasePath = checkedBasePath(options.restBasePath ?? '/api/v1');
  const guard = createHostOriginGuard({
    listenHost: host,
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    ...(options.allowedOrigins === undefined ? {} : { allowedOrigins: options.allowedOrigins }),
  });
  const loopback = guard.loopback;
  const authenticator = createBearerAuthenticator(options.auth ?? {});
  const authConfigured = authenticator.configured;
  const bodyLimit = options.bodyLimitBytes ?? 1_048_576;
  const drainDelayMs = options.drain?.delayMs ?? 0;
  const drainDeadlineMs = options.drain?.deadlineMs ?? 30_000;
  const logger = options.logger;
  const metrics = options.metrics;
  const tracing = options.tracing;
  const createScope = options.createScope ?? emptyScope;
  const delay = options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const summaries: HttpRouteSummary[] = [];
  const routeKeys = new Set<string>();
  const listeners = new Set<(phase: HttpServicePhase) => void>();
  let phase: HttpServicePhase = 'created';
  let inFlight = 0;
  let address: HttpServerAddress | undefined;
  let listening: Promise<HttpServerAddress> | undefined;
  let shuttingDown: Promise<void> | undefined;
  let idle: (() => void) | undefined;

  const app: FastifyInstance = Fastify({
    logger: false,
    bodyLimit,
    // The id is taken from x-request-id only when well-formed, so logs cannot be forged with newlines.
    genReqId: (req) => {
      const given = req.headers[REQUEST_ID_HEADER];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    // Draining 503s are ours (problem+json); Fastify's own would be plain JSON.
    return503OnClosing: false,
    ...(options.tls === undefined ? {} : { https: { key: options.tls.key, cert: options.tls.cert } }),
  }) as unknown as FastifyInstance;
  app.decorateRequest(kState as unknown as string, undefined);

  const setPhase = (next: HttpServicePhase): void => {
    phase = next;
    for (const listener of listeners) listener(next);
  };

  // Malformed JSON is answered with the parser's own words (what and where), not a generic message.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      const parsed: unknown =
        text.includes('__proto__') || text.includes('constructor') ? JSON.parse(text, rejectPoison) : JSON.parse(text);
      done(null, parsed);
    } catch (error) {
      done(
        new HttpError('HTTP_BODY_MALFORMED', `Request body is not valid JSON: ${(error as Error).message}.`) as unknown as FastifyError,
        undefined,
      );
    }
  });

  /**
   * Runs first for every request (as a route-level hook, so the hot path never reads Fastify's
   * allocating `request.routeOptions`): request id, in-flight count, drain, Host/Origin, auth, span.
   * Synchronous unless a bearer verifier has to be asked.
   */
  function admit(
    request: FastifyRequest,
    reply: FastifyReply,
    auth: HttpAuthPolicy,
    route: string,
    raw = false,
  ): HttpError | undefined | Promise<HttpError | undefined> {
    const state: RequestState = { requestId: request.id, principal: undefined, span: undefined, spanContext: undefined };
    (request as StatefulRequest)[kState] = state;
    const res = reply.raw;
    // Fastify's own header map keeps Node's writeHead on its fast path; raw mounts write their own head.
    if (raw) res.setHeader(REQUEST_ID_HEADER, request.id);
    else reply.header(REQUEST_ID_HEADER, request.id);
    inFlight += 1;
    // A response emits 'close' exactly once; `on` spares the wrapper `once` allocates per request.
    res.on('close', onSettled);
    if (phase === 'closing' || phase === 'closed') {
      reply.header('connection', 'close');
      return new HttpError('HTTP_SHUTTING_DOWN', 'The server is shutting down and takes no new requests.');
    }
    const forbidden = guard.check(request.headers);
    if (forbidden !== undefined) return new HttpError('HTTP_FORBIDDEN', forbidden.message);
    if (auth !== 'none' && (auth === 'required' || authConfigured)) {
      const principal = authenticator.authenticate(request.headers.authorization, request.raw);
      if (isThenable(principal)) return principal.then((p) => authenticated(request, reply, state, route, p));
      return authenticated(request, reply, state, route, principal);
    }
    startSpan(request, state, route);
    return undefined;
  }

  function authenticated(
    request: FastifyRequest,
    reply: FastifyReply,
    state: RequestState,
    route: string,
    principal: BearerPrincipal | undefined,
  ): HttpError | undefined {
    if (principal === undefined) {
      reply.header('www-authenticate', bearerChallenge(request.headers.authorization));
      return new HttpError(
        'HTTP_UNAUTHORIZED',
        request.headers.authorization === undefined
          ? 'This route requires `Authorization: Bearer <token>`.'
          : 'The bearer token is not valid.',
      );
    }
    state.principal = principal;
    startSpan(request, state, route);
    return undefined;
  }

  function startSpan(request: FastifyRequest, state: RequestState, route: string): void {
    if (tracing?.active() !== true) return;
    const started = tracing.startRequest(request.method, route, request.headers);
    state.span = started.span;
    state.spanContext = started.context;
  }

  function routeHooks(auth: HttpAuthPolicy, route: string, raw = false) {
    return {
      onRequest: (request: FastifyRequest, reply: FastifyReply, done: (error?: FastifyError) => void): void => {
        const refused = admit(request, reply, auth, route, raw);
        if (refused === undefined) done();
        else if (isThenable(refused)) void refused.then((error) => done(error as unknown as FastifyError | undefined));
        else done(refused as unknown as FastifyError);
      },
      onResponse: (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
        observe(request, route, reply.statusCode, reply.elapsedTime);
        done();
      },
    };
  }

  function observe(request: FastifyRequest, route: string, status: number, elapsedMs: number): void {
    const span = (request as StatefulRequest)[kState]?.span;
    if (span !== undefined) tracing?.endRequest(span, status);
    metrics?.observeRequest(request.method, route, status, elapsedMs / 1000);
  }

  app.setNotFoundHandler(async (request, reply) => {
    const refused = await admit(request, reply, 'default', 'unmatched');
    reply.raw.once('finish', () => observe(request, 'unmatched', reply.raw.statusCode, reply.elapsedTime));
    const path = request.url.split('?')[0] ?? request.url;
    return sendProblem(request, reply, refused ?? new HttpError('HTTP_ROUTE_NOT_FOUND', `No route for ${request.method} ${path}.`));
  });

  app.setErrorHandler((error, request, reply) => sendProblem(request, reply, translateFastifyError(error as Error)));

  function onSettled(): void {
    inFlight -= 1;
    // server.close() closed the sockets idle at that moment; close each one that turns idle since.
    // A request already queued on such a socket (pipelined) is answered 503 with Connection: close.
    if (phase === 'closing') setImmediate(closeIdle);
    if (inFlight === 0) idle?.();
  }

  function closeIdle(): void {
    app.server.closeIdleConnections();
  }

  function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
    const state = (request as StatefulRequest)[kState];
    const requestId = state?.requestId ?? request.id;
    const { status, retryAfterSeconds, problem } = toProblemAnswer(error, requestId, request.url.split('?')[0]);
    logProblem(error, problem.code, status, { requestId, method: request.method, url: request.url });
    if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
    return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  /** Server-side failures go to the log with their cause (the caller saw only the description); a cancelled call is noted. */
  function logProblem(error: unknown, code: string, status: number, where: Readonly<Record<string, unknown>>): void {
    if (status === 499) logger?.info({ ...where, code }, 'request cancelled');
    else if (status >= 500 && code !== 'HTTP_SHUTTING_DOWN') logger?.error({ err: error, ...where }, `request failed: ${code}`);
  }

  function addRoute(method: string | string[], path: string, summary: HttpRouteSummary): void {
    if (phase !== 'created') {
      throw new HttpError(
        'HTTP_ROUTE_INVALID',
        `Cannot add ${summary.method} ${path}: the server is already ${phase}; add routes in a plugin's start().`,
        { details: { path } },
      );
    }
    if (typeof path !== 'string' || !path.startsWith('/')) {
      throw new HttpError('HTTP_ROUTE_INVALID', `Route path "${String(path)}" must start with "/".`, { details: { path } });
    }
    for (const m of Array.isArray(method) ? method : [method]) {
      const key = `${m} ${path}`;
      if (routeKeys.has(key))
        throw new HttpError('HTTP_ROUTE_INVALID', `Route ${key} is already defined; declare each method and path once.`, {
          details: { path, method: m },
        });
      routeKeys.add(key);
    }
    summaries.push(summary);
  }

  const service: HttpServer = {
    route(definition) {
      const auth = definition.auth ?? 'default';
      addRoute(definition.method, definition.path, {
        method: definition.method,
        path: definition.path,
        auth,
        raw: false,
        ...(definition.description === undefined ? {} : { description: definition.description }),
      });
      app.route({
        method: definition.method,
        url: definition.path,
        ...routeHooks(auth, definition.path),
        ...(definition.bodyLimitBytes === undefined ? {} : { bodyLimit: definition.bodyLimitBytes }),
        handler: (request, reply) => handleRoute(definition as unknown as HttpRouteDefinition, request, reply),
      });
    },
    mountRaw(definition) {
      const auth = definition.auth ?? 'default';
      addRoute([...definition.methods], definition.path, {
        method: definition.methods.join(','),
        path: definition.path,
        auth,
        raw: true,
        ...(definition.description === undefined ? {} : { description: definition.description }),
      });
      app.route({
        method: [...definition.methods],
        url: definition.path,
        onRequest: routeHooks(auth, definition.path, true).onRequest,
        ...(definition.bodyLimitBytes === undefined ? {} : { bodyLimit: definition.bodyLimitBytes }),
        handler: (request, reply) => handleRaw(definition, request, reply),
      });
    },
    restBasePath,
    listen() {
      listening ??= doListen();
      return listening;
    },
    shutdown() {
      shuttingDown ??= doShutdown();
      return shuttingDown;
    },
    get address() {
      return address;
    },
    get draining() {
      return phase === 'draining' || phase === 'closing' || phase === 'closed' || shuttingDown !== undefined;
    },
    get phase() {
      return phase;
    },
    get inFlight() {
      return inFlight;
    },
    routes: () => [...summaries],
    onPhase(listener) {
      listeners.add(listener);
      return createDisposer(() => listeners.delete(listener));
    },
    async [Symbol.asyncDispose]() {
      await service.shutdown();
    },
  };

  async function handleRoute(definition: HttpRouteDefinition, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const state = (request as StatefulRequest)[kState] as RequestState;
    let params: unknown = request.params ?? EMPTY;
    let query: unknown = request.query ?? EMPTY;
    let body: unknown = request.body ?? EMPTY;
    // Routes without schemas (probes, /metrics) skip validation and its bookkeeping altogether.
    if (definition.params !== undefined || definition.query !== undefined || definition.body !== undefined) {
      const issues: ProblemFieldError[] = [];
      params = parsePart(definition.params, request.params, 'params', issues);
      query = parsePart(definition.query, request.query, 'query', issues);
      body = parsePart(definition.body, request.body, 'body', issues);
      if (issues.length > 0) {
        throw new HttpError(
          'HTTP_REQUEST_INVALID',
          `Invalid request: ${issues.map((i) => `${i.location}${i.path === '' ? '' : `.${i.path}`}: ${i.message}`).join('; ')}.`,
          { details: { issues } },
        );
      }
    }
    const context = new RouteRequestContext(
      params,
      query,
      body,
      request.headers,
      request.method as HttpMethod,
      request.url,
      state.requestId,
      state.principal?.id,
      reply.raw,
      createScope,
    );
    let returned: unknown;
    try {
      const run = (): unknown => definition.handler(context);
      returned =
        state.spanContext !== undefined && tracing !== undefined
          ? tracing.run(state.spanContext, () => runWithCorrelationId(state.requestId, run))
          : runWithCorrelationId(state.requestId, run);
      // A synchronous handler (probes) is answered in this tick rather than after a microtask.
      if (isThenable(returned)) returned = await returned;
    } finally {
      const disposing = context.settle();
      if (disposing !== undefined) await disposing;
    }
    const result = toResult(returned);
    const status = result.status ?? (result.body === undefined ? 204 : 200);
    let out = result.body;
    if (isHttpStreamBody(out)) return sendStream(reply, status, result.headers, out);
    if (definition.response !== undefined && status >= 200 && status < 300 && out !== undefined) {
      const parsed = definition.response.safeParse(out);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
        throw new HttpError(
          'HTTP_RESPONSE_INVALID',
          `${definition.method} ${definition.path} returned a body that fails its response schema: ${detail}`,
        );
      }
      out = parsed.data;
    }
    reply.code(status);
    if (result.headers !== undefined) reply.headers(result.headers);
    if (out === undefined) return reply.send();
    if (typeof out === 'string' || Buffer.isBuffer(out)) return reply.send(out);
    if (!reply.hasHeader('content-type')) reply.type(JSON_CONTENT_TYPE);
    return reply.send(JSON.stringify(out));
  }

  async function handleRaw(definition: HttpRawMount, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const state = (request as StatefulRequest)[kState] as RequestState;
    reply.hijack();
    const context = { requestId: state.requestId, principal: state.principal };
    const run = (): unknown =>
      runWithCorrelationId(state.requestId, () => definition.handler(request.raw, reply.raw, request.body, context));
    try {
      await (tracing !== undefined && state.spanContext !== undefined ? tracing.run(state.spanContext, run) : run());
    } catch (error) {
      const { status, retryAfterSeconds, problem } = toProblemAnswer(error, state.requestId, request.url.split('?')[0]);
      logProblem(error, problem.code, status, { requestId: state.requestId, url: request.url });
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(status, {
          'content-type': PROBLEM_CONTENT_TYPE,
          ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
        });
        reply.raw.end(JSON.stringify(problem));
      } else reply.raw.destroy();
    }
    // Hijacked replies skip Fastify's onResponse hook: record them once the answer is written.
    if (reply.raw.writableFinished) observe(request, definition.path, reply.raw.statusCode, reply.elapsedTime);
    else reply.raw.once('finish', () => observe(request, definition.path, reply.raw.statusCode, reply.elapsedTime));
  }

  async function doListen(): Promise<HttpServerAddress> {
    if (phase !== 'created') throw new HttpError('HTTP_STATE_INVALID', `Cannot listen: the server is ${phase}.`);
    if (!loopback && !authConfigured) {
      throw new HttpError(
        'HTTP_AUTH_REQUIRED',
        `Refusing to listen on ${host}: listening beyond loopback requires bearer authentication (set auth.tokens, e.g. CORTEX_HTTP_AUTH__TOKENS, or auth.verifiers), or bind to 127.0.0.1.`,
        { details: { host } },
      );
    }
    const needing = summaries.filter((s) => s.auth === 'required');
    if (!authConfigured && needing.length > 0) {
      throw new HttpError(
        'HTTP_AUTH_REQUIRED',
        `Refusing to listen: ${needing.map((s) => `${s.method} ${s.path}`).join(', ')} require${needing.length === 1 ? 's' : ''} authentication but no bearer token or verifier is configured (set auth.tokens or auth.verifiers).`,
      );
    }
    try {
      await app.listen({ host, port: options.port ?? 0 });
    } catch (error) {
      throw new HttpError('HTTP_LISTEN_FAILED', `Cannot listen on ${host}:${options.port ?? 0}: ${(error as Error).message}`, {
        cause: error,
        details: { host, port: options.port ?? 0 },
      });
    }
    const bound = app.server.address();
    const port = typeof bound === 'object' && bound !== null ? bound.port : (options.port ?? 0);
    const urlHost = isIP(host) === 6 ? `[${host}]` : host;
    address = Object.freeze({ host, port, url: `${options.tls === undefined ? 'http' : 'https'}://${urlHost}:${port}` });
    setPhase('listening');
    logger?.info({ url: address.url }, 'http server listening');
    return address;
  }

  async function doShutdown(): Promise<void> {
    if (phase === 'created') {
      setPhase('closed');
      await app.close();
      return;
    }
    if (listening !== undefined) await listening.catch(() => undefined);
    if ((phase as HttpServicePhase) === 'created') {
      setPhase('closed');
      await app.close();
      return;
    }
    setPhase('draining');
    logger?.info({ delayMs: drainDelayMs, deadlineMs: drainDeadlineMs, inFlight }, 'http draining: readiness fails now');
    if (drainDelayMs > 0) await delay(drainDelayMs);
    setPhase('closing');
    // fastify.close(): stops accepting, closes idle keep-alive sockets, and resolves once every
    // connection ended; sockets turning idle meanwhile are closed as they do (onSettled).
    const closed = app.close();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'deadline'>((resolve) => {
      timer = setTimeout(() => resolve('deadline'), drainDeadlineMs);
    });
    const drained = new Promise<'drained'>((resolve) => {
      if (inFlight === 0) resolve('drained');
      else idle = () => resolve('drained');
    });
    const outcome = await Promise.race([Promise.all([closed, drained]).then(() => 'drained' as const), deadline]);
    if (outcome === 'deadline') {
      logger?.warn({ inFlight }, 'http drain deadline reached: cutting the remaining connections');
      app.server.closeAllConnections();
      await closed;
    }
    clearTimeout(timer);
    setPhase('closed');
    logger?.info({ outcome }, 'http server closed');
  }

  return service;
}

function parsePart(schema: z.ZodType | undefined, value: unknown, location: string, issues: ProblemFieldError[]): unknown {
  if (schema === undefined) return value ?? EMPTY;
  const parsed = schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    issues.push({ location, path: formatPath(issue.path), message: issue.message, code: issue.code });
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  return out;
}

const RESULT_KEYS = new Set(['status', 'body', 'headers']);

function toResult(returned: unknown): HttpRouteResult {
  if (typeof returned === 'object' && returned !== null && !Array.isArray(returned) && !Buffer.isBuffer(returned)) {
    if (isHttpResponse(returned)) return returned;
    const keys = Object.keys(returned);
    // A plain `{ status?, body?, headers? }` with a numeric status is a response envelope too (the service contract).
    if (keys.length > 0 && keys.every((k) => RESULT_KEYS.has(k)) && typeof (returned as { status?: unknown }).status === 'number')
      return returned as HttpRouteResult;
  }
  return { body: returned };
}

function translateFastifyError(error: FastifyError | Error): unknown {
  if (CortexError.is(error)) return error;
  const code = (error as FastifyError).code;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpError('HTTP_BODY_TOO_LARGE', 'Request body is larger than the limit for this route.', { cause: error });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpError('HTTP_MEDIA_TYPE_UNSUPPORTED', `${error.message}; send Content-Type: application/json.`, { cause: error });
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpError('HTTP_BODY_MALFORMED', `${error.message}.`, { cause: error });
    default: {
      const status = (error as FastifyError).statusCode;
      if (typeof status === 'number' && status >= 400 && status < 500)
        return new HttpError('HTTP_REQUEST_INVALID', error.message, { cause: error });
      return error;
    }
  }
}

function rejectPoison(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) {
    throw new SyntaxError(`forbidden key "${key}"`);
  }
  return value;
}

/** Sends a stream body chunk by chunk; a client that disconnects ends the iteration (the generator's `finally` runs). */
function sendStream(
  reply: FastifyReply,
  status: number,
  headers: Readonly<Record<string, string>> | undefined,
  body: AsyncIterable<string | Uint8Array>,
): FastifyReply {
  reply.code(status);
  if (headers !== undefined) reply.headers(headers);
  if (!reply.hasHeader('content-type')) reply.type('application/octet-stream');
  // Fastify destroys a payload stream whose client went away; Readable.from then calls the
  // iterator's return(), so the producer's `finally` runs instead of it waiting forever.
  return reply.send(Readable.from(body, { objectMode: false }));
}

function checkedBasePath(path: string): string {
  if (typeof path !== 'string' || !BASE_PATH_PATTERN.test(path)) {
    throw new HttpError(
      'HTTP_ROUTE_INVALID',
      `restBasePath "${String(path)}" must be '' or slash-separated segments without a trailing slash, e.g. "/api/v1".`,
      { details: { path } },
    );
  }
  return path;
}

function emptyScope(): ServiceScope {
  const fail = (): never => {
    throw new HttpError('HTTP_STATE_INVALID', 'This HTTP server was created without a DI container; use httpPlugin, or pass createScope.');
  };
  return { get: fail, getAsync: fail, has: () => false, dispose: async () => undefined, [Symbol.asyncDispose]: async () => undefined };
}
