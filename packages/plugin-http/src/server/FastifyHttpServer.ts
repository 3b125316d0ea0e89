import { randomUUID } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import type {
  HttpAuthPolicy,
  HttpRawMount,
  HttpUpgradeMount,
  HttpRouteDefinition,
  HttpRouteSummary,
  HttpServerAddress,
  HttpServicePhase,
  HttpShutdownReport,
  HttpTrackedStream,
} from '@cortex-os/http-api';
import {
  createBearerAuthenticator,
  createClientAddressResolver,
  createHostOriginGuard,
  DEFAULT_MAX_JSON_DEPTH,
  type BearerAuthenticator,
} from '@cortex-os/http-api/security';
import type { Disposer, ServiceScope } from '@cortex-os/kernel';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { HttpError } from '../errors/HttpError.js';
import { httpRequestChannel, type HttpRequestMessage } from '../observe/httpRequestChannel.js';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from '../openapi/buildOpenApiDocument.js';
import { sendProblem, translateFastifyError } from '../problem/sendProblem.js';
import type { CreateHttpServerOptions, HttpServer } from './createHttpServer.js';
import { answerClientError } from './clientErrorAnswer.js';
import { CorsPolicy } from './CorsPolicy.js';
import { HttpDrain } from './HttpDrain.js';
import { installJsonBodyParser } from './jsonBodyParser.js';
import { RequestAdmission } from './RequestAdmission.js';
import { EventLoopLag } from './EventLoopLag.js';
import { LoadShedder } from './LoadShedder.js';
import { isThenable, kAcceptedAt, kState, type StatefulRequest } from './RequestState.js';
import { SilentConnections } from './SilentConnections.js';
import { RouteRunner } from './RouteRunner.js';
import { RouteTable } from './RouteTable.js';
import { UpgradeRouter } from './UpgradeRouter.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_ID_HEADER = 'x-request-id';
/** The status recorded for a request whose client went away before its answer was sent (nginx's 499). */
const CLIENT_CLOSED_STATUS = 499;

/** The route-level hooks of one route. */
type RouteHooks = {
  onRequest(request: FastifyRequest, reply: FastifyReply, done: (error?: FastifyError) => void): void;
  onResponse(request: FastifyRequest, reply: FastifyReply, done: () => void): void;
};

/**
 * The Fastify-backed {@link HttpServer} (internal; {@link createHttpServer} makes it). The pieces:
 * {@link RequestAdmission} (guard and auth), {@link RouteRunner} (routes), {@link HttpDrain}
 * (lifecycle and drain), `problem/sendProblem` (error answers).
 */
export class FastifyHttpServer implements HttpServer {
  readonly restBasePath: string;
  readonly #options: CreateHttpServerOptions;
  readonly #host: string;
  readonly #app: FastifyInstance;
  readonly #silent: SilentConnections;
  readonly #authenticator: BearerAuthenticator;
  readonly #loopback: boolean;
  readonly #drain: HttpDrain;
  readonly #admission: RequestAdmission;
  readonly #runner: RouteRunner;
  readonly #upgrades: UpgradeRouter;
  readonly #routes = new RouteTable();
  readonly #jsonRoutes: HttpRouteDefinition[] = [];
  readonly #rawMounts: HttpRawMount[] = [];
  readonly #openApi = new Map<string, OpenApiDocument>();
  readonly #cors: CorsPolicy | undefined;
  readonly #lag = new EventLoopLag(500);
  readonly #clock: () => number;
  /** Requests announced on the request channel, until answered (only while something listens). */
  readonly #announced = new WeakMap<FastifyRequest, HttpRequestMessage>();
  #address: HttpServerAddress | undefined;
  #listening: Promise<HttpServerAddress> | undefined;
  #shuttingDown: Promise<HttpShutdownReport> | undefined;

  constructor(options: CreateHttpServerOptions, restBasePath: string) {
    this.#options = options;
    this.restBasePath = restBasePath;
    this.#clock = options.clock ?? (() => performance.now());
    this.#host = options.host ?? '127.0.0.1';
    this.#cors = options.cors === undefined || options.cors === false ? undefined : new CorsPolicy(options.cors);
    // Origins allowed to read answers (CORS) must reach the server first (the Origin check).
    const allowedOrigins = [...(options.allowedOrigins ?? []), ...(this.#cors?.origins ?? [])];
    const guard = createHostOriginGuard({
      listenHost: this.#host,
      allowedOrigins,
      ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    });
    this.#loopback = guard.loopback;
    this.#authenticator = createBearerAuthenticator(options.auth ?? {});
    this.#drain = new HttpDrain({
      delayMs: options.drain?.delayMs ?? 0,
      deadlineMs: options.drain?.deadlineMs ?? 30_000,
      delay: options.delay ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))),
      logger: options.logger,
    });
    const shedder = new LoadShedder(
      options.loadShedding ?? {},
      options.loadSignal ?? (() => ({ eventLoopLagMs: this.#lag.lagMs, eventLoopUtilization: this.#lag.utilization })),
      options.loadSheddingRandom,
    );
    this.#admission = new RequestAdmission(
      guard,
      this.#authenticator,
      this.#drain,
      options.tracing,
      shedder.enabled ? shedder : undefined,
      this.#clock,
    );
    const admission = this.#admission;
    options.metrics?.trackLoad({
      inFlight: () => this.#drain.inFlight,
      eventLoopLagMs: () => this.#lag.lagMs,
      refused: () => admission.refused,
    });
    const clients = createClientAddressResolver(options.trustedProxies ?? []);
    this.#upgrades = new UpgradeRouter({
      guard,
      authenticator: this.#authenticator,
      drain: this.#drain,
      clientAddress: (req) => clients.resolve(req),
      logger: options.logger,
    });
    this.#runner = new RouteRunner({
      createScope: options.createScope ?? emptyScope,
      clientAddress: (req) => clients.resolve(req),
      tracing: options.tracing,
      logger: options.logger,
      trackStream: (stream) => this.#drain.trackStream(stream),
      streamGraceMs: options.drain?.streamGraceMs ?? 1_000,
      yieldToLoop: options.yieldToLoop ?? yieldToLoop,
      observe: this.#observe,
    });
    this.#app = this.#createApp();
    this.#silent = new SilentConnections(this.#app.server);
  }

  #createApp(): FastifyInstance {
    const options = this.#options;
    const headersMs = options.timeouts?.headersMs ?? 30_000;
    const requestMs = options.timeouts?.requestMs ?? 60_000;
    // Node checks the header and request timeouts only this often (30 s by default).
    const connectionsCheckingInterval = Math.max(10, Math.min(1_000, Math.floor(Math.min(headersMs, requestMs) / 2)));
    const app = Fastify({
      logger: false,
      bodyLimit: options.bodyLimitBytes ?? 1_048_576,
      requestTimeout: requestMs,
      keepAliveTimeout: options.timeouts?.keepAliveMs ?? 72_000,
      clientErrorHandler: (error, socket) => answerClientError(error, socket, { headersMs, requestMs }, options.logger),
      // The id is taken from x-request-id only when well-formed, so logs cannot be forged with newlines.
      genReqId: (req) => {
        const given = req.headers[REQUEST_ID_HEADER];
        return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
      },
      requestIdHeader: false,
      // Draining 503s are ours (problem+json); Fastify's own would be plain JSON.
      return503OnClosing: false,
      ...(options.tls === undefined
        ? { http: { connectionsCheckingInterval } }
        : { https: { key: options.tls.key, cert: options.tls.cert, connectionsCheckingInterval } }),
    }) as unknown as FastifyInstance;
    app.server.headersTimeout = Math.min(headersMs, requestMs);
    app.server.on('upgrade', this.#upgrades.handle);
    // The request clock of a connection's first request starts here (see RequestAdmission).
    app.server.on('connection', (socket: Socket & { [kAcceptedAt]?: number }) => {
      socket[kAcceptedAt] = this.#clock();
    });
    if ((options.maxConnections ?? 0) > 0) app.server.maxConnections = options.maxConnections as number;
    app.decorateRequest(kState as unknown as string, undefined);
    if (this.#cors !== undefined) app.addHook('onRequest', this.#cors.onRequest);
    installJsonBodyParser(app, {
      maxDepth: options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH,
      yieldToLoop: options.yieldToLoop ?? yieldToLoop,
    });
    app.setNotFoundHandler(async (request, reply) => {
      this.#announce(request, 'unmatched');
      this.#observeCutShort(request, reply, 'unmatched');
      const refused = await this.#admission.admit(request, reply, 'default', 'unmatched');
      reply.raw.once('finish', () => this.#observe(request, 'unmatched', reply.raw.statusCode, reply.elapsedTime));
      const path = request.url.split('?')[0] ?? request.url;
      const error = refused ?? new HttpError('HTTP_ROUTE_NOT_FOUND', `No route for ${request.method} ${path}.`);
      return sendProblem(request, reply, error, options.logger);
    });
    app.setErrorHandler((error, request, reply) => sendProblem(request, reply, translateFastifyError(error as Error), options.logger));
    return app;
  }

  route(definition: HttpRouteDefinition): void {
    const auth = definition.auth ?? 'default';
    this.#routes.add(definition.method, definition.path, summaryOf(definition.method, definition, auth, false), this.#drain.phase);
    this.#jsonRoutes.push(definition);
    this.#app.route({
      method: definition.method,
      url: definition.path,
      ...this.#hooks(auth, definition.path, false, definition.loadShedding ?? true),
      ...(definition.bodyLimitBytes === undefined ? {} : { bodyLimit: definition.bodyLimitBytes }),
      ...(definition.onParseError === undefined ? {} : { errorHandler: this.#parseErrorHandler(definition, undefined) }),
      handler: (request, reply) => this.#runner.route(definition, request, reply),
    });
  }

  mountRaw(definition: HttpRawMount): void {
    const auth = definition.auth ?? 'default';
    this.#routes.add(
      definition.methods,
      definition.path,
      summaryOf(definition.methods.join(','), definition, auth, true),
      this.#drain.phase,
    );
    this.#rawMounts.push(definition);
    this.#app.route({
      method: [...definition.methods],
      url: definition.path,
      onRequest: this.#hooks(auth, definition.path, true, definition.loadShedding ?? true).onRequest,
      ...(definition.bodyLimitBytes === undefined ? {} : { bodyLimit: definition.bodyLimitBytes }),
      ...(definition.onParseError === undefined ? {} : { errorHandler: this.#parseErrorHandler(definition, definition.path) }),
      handler: (request, reply) => this.#runner.raw(definition, request, reply),
    });
  }

  mountUpgrade(definition: HttpUpgradeMount): void {
    const auth = definition.auth ?? 'default';
    // Listed as a GET (a WebSocket handshake is one), so a GET route on the same path is refused.
    this.#routes.add('GET', definition.path, summaryOf('GET', definition, auth, true), this.#drain.phase);
    this.#upgrades.add(definition);
  }

  /**
   * A route or raw mount that answers unparsable bodies itself gets them; every other error is
   * problem+json as usual. `rawPath`: a raw mount's, whose answers no onResponse hook records.
   */
  #parseErrorHandler(
    definition: Pick<HttpRouteDefinition, 'onParseError'>,
    rawPath: string | undefined,
  ): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown {
    const logger = this.#options.logger;
    return (error, request, reply) => {
      if (rawPath !== undefined) reply.raw.once('finish', () => this.#observe(request, rawPath, reply.raw.statusCode, reply.elapsedTime));
      if (error instanceof HttpError && (error.code === 'HTTP_BODY_MALFORMED' || error.code === 'HTTP_BODY_TOO_DEEP')) {
        return this.#runner
          .parseFailed(definition, error, request, reply)
          .catch((failed: unknown) => sendProblem(request, reply, failed, logger));
      }
      return sendProblem(request, reply, translateFastifyError(error as Error), logger);
    };
  }

  /** Route-level hooks, so the hot path never reads Fastify's allocating `request.routeOptions`. */
  #hooks(auth: HttpAuthPolicy, route: string, raw: boolean, sheddable: boolean): RouteHooks {
    return {
      onRequest: (request, reply, done) => {
        this.#announce(request, route);
        this.#observeCutShort(request, reply, route);
        const refused = this.#admission.admit(request, reply, auth, route, raw, sheddable);
        if (refused === undefined) done();
        else if (isThenable(refused)) void refused.then((error) => done(error as unknown as FastifyError | undefined));
        else done(refused as unknown as FastifyError);
      },
      onResponse: (request, reply, done) => {
        this.#observe(request, route, reply.statusCode, reply.elapsedTime);
        done();
      },
    };
  }

  /**
   * A response that closes before it was sent in full (the client went away) gets neither
   * Fastify's onResponse nor 'finish': it is recorded then, as 499 (client closed request), so
   * its span ends and the request channel sees its end.
   */
  #observeCutShort(request: FastifyRequest, reply: FastifyReply, route: string): void {
    const res = reply.raw;
    res.once('close', () => {
      if (!res.writableFinished) this.#observe(request, route, CLIENT_CLOSED_STATUS, reply.elapsedTime);
    });
  }

  readonly #observe = (request: FastifyRequest, route: string, status: number, elapsedMs: number): void => {
    const state = (request as StatefulRequest)[kState];
    // Once per request: a handler may still answer (onResponse) after its cut-short end was recorded.
    if (state !== undefined) {
      if (state.observed === true) return;
      state.observed = true;
    }
    const span = state?.span;
    if (state?.startedAt !== undefined) elapsedMs = this.#clock() - state.startedAt;
    if (span !== undefined) this.#options.tracing?.endRequest(span, status);
    this.#options.metrics?.observeRequest(request.method, route, status, elapsedMs / 1000);
    const message = this.#announced.get(request);
    if (message !== undefined) {
      this.#announced.delete(request);
      message.status = status;
      message.seconds = elapsedMs / 1000;
      httpRequestChannel.asyncEnd.publish(message);
    }
  };

  /** Announces a request on the request channel (energy attribution listens), when anything listens. */
  #announce(request: FastifyRequest, route: string): void {
    if (!httpRequestChannel.hasSubscribers) return;
    const message: HttpRequestMessage = { method: request.method, route };
    this.#announced.set(request, message);
    httpRequestChannel.start.publish(message);
  }

  listen(): Promise<HttpServerAddress> {
    this.#listening ??= this.#doListen();
    return this.#listening;
  }

  shutdown(): Promise<HttpShutdownReport> {
    this.#shuttingDown ??= this.#doShutdown();
    return this.#shuttingDown;
  }

  trackStream(stream: HttpTrackedStream): Disposer {
    return this.#drain.trackStream(stream);
  }

  get openStreams(): number {
    return this.#drain.streams.size;
  }

  get address(): HttpServerAddress | undefined {
    return this.#address;
  }

  get draining(): boolean {
    const phase = this.#drain.phase;
    return phase === 'draining' || phase === 'closing' || phase === 'closed' || this.#shuttingDown !== undefined;
  }

  get phase(): HttpServicePhase {
    return this.#drain.phase;
  }

  get inFlight(): number {
    return this.#drain.inFlight;
  }

  routes(): readonly HttpRouteSummary[] {
    return this.#routes.list();
  }

  openApiDocument(info?: OpenApiInfo): OpenApiDocument {
    // Routes are fixed once the server listens: built once then per info, every time before.
    const build = () => buildOpenApiDocument(this.#jsonRoutes, this.#rawMounts, info, this.#authenticator.configured);
    if (this.#drain.phase === 'created') return build();
    const key = JSON.stringify([info?.title, info?.version]);
    const built = this.#openApi.get(key) ?? build();
    this.#openApi.set(key, built);
    return built;
  }

  onPhase(listener: (phase: HttpServicePhase) => void): Disposer {
    return this.#drain.onPhase(listener);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.shutdown();
  }

  async #doListen(): Promise<HttpServerAddress> {
    const host = this.#host;
    const port = this.#options.port ?? 0;
    if (this.#drain.phase !== 'created') throw new HttpError('HTTP_STATE_INVALID', `Cannot listen: the server is ${this.#drain.phase}.`);
    this.#checkAuthBeforeListening();
    try {
      await this.#app.listen({ host, port });
    } catch (error) {
      throw new HttpError('HTTP_LISTEN_FAILED', `Cannot listen on ${host}:${port}: ${(error as Error).message}`, {
        cause: error,
        details: { host, port },
      });
    }
    const bound = this.#app.server.address();
    const boundPort = typeof bound === 'object' && bound !== null ? bound.port : port;
    const urlHost = isIP(host) === 6 ? `[${host}]` : host;
    const scheme = this.#options.tls === undefined ? 'http' : 'https';
    this.#address = Object.freeze({ host, port: boundPort, url: `${scheme}://${urlHost}:${boundPort}` });
    this.#drain.setPhase('listening');
    this.#lag.start();
    this.#options.logger?.info({ url: this.#address.url }, 'http server listening');
    return this.#address;
  }

  #checkAuthBeforeListening(): void {
    if (this.#authenticator.configured) return;
    if (!this.#loopback) {
      throw new HttpError(
        'HTTP_AUTH_REQUIRED',
        `Refusing to listen on ${this.#host}: listening beyond loopback requires bearer authentication (set auth.tokens, e.g. CORTEX_HTTP_AUTH__TOKENS, or auth.verifiers), or bind to 127.0.0.1.`,
        { details: { host: this.#host } },
      );
    }
    const needing = this.#routes.requiringAuth();
    if (needing.length > 0) {
      throw new HttpError(
        'HTTP_AUTH_REQUIRED',
        `Refusing to listen: ${needing.map((s) => `${s.method} ${s.path}`).join(', ')} require${needing.length === 1 ? 's' : ''} authentication but no bearer token or verifier is configured (set auth.tokens or auth.verifiers).`,
      );
    }
  }

  async #doShutdown(): Promise<HttpShutdownReport> {
    this.#lag.stop();
    if (this.#listening !== undefined) await this.#listening.catch(() => undefined);
    if (this.#drain.phase === 'created') {
      this.#drain.setPhase('closed');
      await this.#app.close();
      return Object.freeze({ outcome: 'drained', cut: 0, streamsEnded: 0 });
    }
    const server = this.#app.server;
    return this.#drain.drain({
      close: () => this.#app.close(),
      closeIdleConnections: () => server.closeIdleConnections(),
      closeSilentConnections: () => this.#silent.close(),
      closeAllConnections: () => server.closeAllConnections(),
    });
  }
}

function summaryOf(
  method: string,
  definition: { readonly path: string; readonly description?: string | undefined },
  auth: HttpAuthPolicy,
  raw: boolean,
): HttpRouteSummary {
  return {
    method,
    path: definition.path,
    auth,
    raw,
    ...(definition.description === undefined ? {} : { description: definition.description }),
  };
}

function emptyScope(): ServiceScope {
  const fail = (): never => {
    throw new HttpError('HTTP_STATE_INVALID', 'This HTTP server was created without a DI container; use httpPlugin, or pass createScope.');
  };
  return { get: fail, getAsync: fail, has: () => false, dispose: async () => undefined, [Symbol.asyncDispose]: async () => undefined };
}

/** Lets the event loop run (I/O callbacks included) before the work goes on. */
function yieldToLoop(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
