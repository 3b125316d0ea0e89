import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import {
  isHttpResponse,
  isHttpStreamBody,
  type HttpMethod,
  type HttpRawMount,
  type HttpRouteDefinition,
  type HttpRouteResult,
  type HttpTrackedStream,
} from '@cortex-os/http-api';
import { runWithCorrelationId, type Disposer, type Logger, type ServiceScope } from '@cortex-os/kernel';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { HttpError } from '../errors/HttpError.js';
import type { ProblemFieldError } from '../problem/ProblemDetails.js';
import { sendRawProblem } from '../problem/sendProblem.js';
import type { HttpTracing } from '../tracing/HttpTracing.js';
import { EndableStreamBody } from './EndableStreamBody.js';
import { hasLargeBody } from './jsonBodyParser.js';
import { isThenable, stateOf } from './RequestState.js';
import { RawRequestContext } from './RawRequestContext.js';
import { RouteRequestContext } from './RouteRequestContext.js';
import { safeParseInSlices } from './safeParseInSlices.js';

const EMPTY = Object.freeze({});
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
const RESULT_KEYS = new Set(['status', 'body', 'headers']);
/** About how many JSON values of a large body are validated between two turns of the event loop. */
const VALIDATION_SLICE = 1024;
/** Issues an invalid request's problem lists at most (the message says how many more there were). */
export const MAX_REPORTED_ISSUES = 100;

/** What {@link RouteRunner} needs from the server. */
export interface RouteRunnerOptions {
  readonly createScope: () => ServiceScope;
  /** The client's address as the server trusts it. */
  readonly clientAddress: (req: IncomingMessage) => string;
  readonly tracing: HttpTracing | undefined;
  readonly logger: Logger | undefined;
  /** Registers a stream body so that shutdown ends it cleanly. */
  readonly trackStream: (stream: HttpTrackedStream) => Disposer;
  /** How long a stream body's producer has at shutdown, once told, to send its last chunks. */
  readonly streamGraceMs: number;
  /** Lets the event loop run between slices of a large body's validation. */
  readonly yieldToLoop: () => Promise<void>;
  /** Records a finished request (metrics, span end). */
  readonly observe: (request: FastifyRequest, route: string, status: number, elapsedMs: number) => void;
}

/**
 * Runs admitted requests (internal): validates a JSON route's params, query and body, calls its
 * handler in the request's correlation and span context, checks and sends what it returned;
 * hands raw mounts their response.
 */
export class RouteRunner {
  readonly #options: RouteRunnerOptions;

  constructor(options: RouteRunnerOptions) {
    this.#options = options;
  }

  async route(definition: HttpRouteDefinition, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const state = stateOf(request);
    // A body parsed in slices is validated in slices too: a probe sent meanwhile is answered first.
    const sliced =
      definition.body !== undefined && hasLargeBody(request)
        ? await safeParseInSlices(definition.body, request.body, { sliceSize: VALIDATION_SLICE, yieldToLoop: this.#options.yieldToLoop })
        : undefined;
    const { params, query, body } = validated(definition, request, sliced);
    const context = new RouteRequestContext(
      params,
      query,
      body,
      request.headers,
      request.method as HttpMethod,
      request.url,
      state.requestId,
      state.principal,
      reply.raw,
      this.#options.createScope,
      this.#options.clientAddress,
    );
    let returned: unknown;
    try {
      returned = this.#inContext(request, () => definition.handler(context));
      // A synchronous handler (probes) is answered in this tick rather than after a microtask.
      if (isThenable(returned)) returned = await returned;
    } finally {
      const disposing = context.settle();
      if (disposing !== undefined) await disposing;
    }
    const result = toResult(returned);
    if (isHttpStreamBody(result.body)) return this.#sendStream(definition, context, reply, result);
    return send(definition, reply, result);
  }

  /** Lets a route with `onParseError` answer a body that could not be parsed (`error`: the server's answer otherwise). */
  async parseFailed(
    definition: Pick<HttpRouteDefinition, 'onParseError'>,
    error: HttpError,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<FastifyReply> {
    const requestId = stateOf(request)?.requestId ?? request.id;
    const failure = Object.freeze({
      reason: error.code === 'HTTP_BODY_TOO_DEEP' ? ('too-deep' as const) : ('malformed' as const),
      code: error.code,
      message: error.message,
      requestId,
    });
    let returned = this.#inContext(request, () => definition.onParseError?.(failure));
    if (isThenable(returned)) returned = await returned;
    return send(undefined, reply, toResult(returned));
  }

  /**
   * Sends a stream body chunk by chunk, tracked so that shutdown ends it cleanly. Fastify
   * destroys a payload stream whose client went away; Readable.from then calls the iterator's
   * return(), so the producer's `finally` runs instead of it waiting forever.
   */
  #sendStream(definition: HttpRouteDefinition, context: RouteRequestContext, reply: FastifyReply, result: HttpRouteResult): FastifyReply {
    const res = reply.raw;
    const done = new Promise<void>((resolve) => res.once('close', resolve));
    const body = new EndableStreamBody(result.body as AsyncIterable<string | Uint8Array>, {
      description: `${definition.method} ${definition.path} stream body`,
      tellProducer: () => context.abort(new HttpError('HTTP_SHUTTING_DOWN', 'The server is shutting down; finish the stream.')),
      graceMs: this.#options.streamGraceMs,
      responseDone: () => done,
    });
    const untrack = this.#options.trackStream(body);
    void done.then(() => untrack());
    reply.code(result.status ?? 200);
    if (result.headers !== undefined) reply.headers(result.headers);
    if (!reply.hasHeader('content-type')) reply.type('application/octet-stream');
    return reply.send(Readable.from(body, { objectMode: false }));
  }

  async raw(definition: HttpRawMount, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const state = stateOf(request);
    reply.hijack();
    const context = new RawRequestContext(state.requestId, state.principal, this.#options.clientAddress(request.raw), reply.raw);
    try {
      await this.#inContext(request, () => definition.handler(request.raw, reply.raw, request.body, context));
    } catch (error) {
      sendRawProblem(reply.raw, state.requestId, request.url, error, this.#options.logger);
    }
    // Hijacked replies skip Fastify's onResponse hook: record them once the answer is written.
    const observe = (): void => this.#options.observe(request, definition.path, reply.raw.statusCode, reply.elapsedTime);
    if (reply.raw.writableFinished) observe();
    else reply.raw.once('finish', observe);
  }

  #inContext(request: FastifyRequest, fn: () => unknown): unknown {
    const state = stateOf(request);
    const run = (): unknown => runWithCorrelationId(state.requestId, fn);
    const tracing = this.#options.tracing;
    return state.spanContext !== undefined && tracing !== undefined ? tracing.run(state.spanContext, run) : run();
  }
}

/**
 * The parsed params, query and body; routes without schemas (probes, /metrics) skip validation
 * altogether. `slicedBody`: the body's validation, already done in slices.
 */
function validated(
  definition: HttpRouteDefinition,
  request: FastifyRequest,
  slicedBody?: z.ZodSafeParseResult<unknown>,
): { params: unknown; query: unknown; body: unknown } {
  if (definition.params === undefined && definition.query === undefined && definition.body === undefined) {
    return { params: request.params ?? EMPTY, query: request.query ?? EMPTY, body: request.body ?? EMPTY };
  }
  const found = { issues: [] as ProblemFieldError[], count: 0 };
  const params = parsePart(definition.params, request.params, 'params', found);
  const query = parsePart(definition.query, request.query, 'query', found);
  const body = parsePart(definition.body, request.body, 'body', found, slicedBody);
  if (found.count > 0) {
    const { issues, count } = found;
    const more = count > issues.length ? ` (and ${count - issues.length} more issues)` : '';
    throw new HttpError(
      'HTTP_REQUEST_INVALID',
      `Invalid request: ${issues.map((i) => `${i.location}${i.path === '' || i.path.startsWith('[') ? '' : '.'}${i.path}: ${i.message}`).join('; ')}${more}.`,
      { details: { issues } },
    );
  }
  return { params, query, body };
}

/** Sends a handler's result; `definition` undefined: without checking it against the response schema. */
function send(definition: HttpRouteDefinition | undefined, reply: FastifyReply, result: HttpRouteResult): FastifyReply {
  const status = result.status ?? (result.body === undefined ? 204 : 200);
  let out = result.body;
  if (definition?.response !== undefined && status >= 200 && status < 300 && out !== undefined) {
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

function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  location: string,
  found: { readonly issues: ProblemFieldError[]; count: number },
  done?: z.ZodSafeParseResult<unknown>,
): unknown {
  if (schema === undefined) return value ?? EMPTY;
  const parsed = done ?? schema.safeParse(value ?? (location === 'body' ? undefined : {}));
  if (parsed.success) return parsed.data;
  const { issues } = parsed.error;
  found.count += issues.length;
  // A large body can fail in every element: the answer names the first issues and counts the rest.
  for (const issue of issues.slice(0, MAX_REPORTED_ISSUES - found.issues.length)) {
    found.issues.push({ location, path: formatPath(issue.path), message: issue.message, code: issue.code });
  }
  return undefined;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out === '' ? String(segment) : `.${String(segment)}`;
  return out;
}

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
