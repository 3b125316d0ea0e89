import type { ServerResponse } from 'node:http';
import { CortexError, type Logger } from '@cortex-os/kernel';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors/HttpError.js';
import { kState, type StatefulRequest } from '../server/RequestState.js';
import { PROBLEM_CONTENT_TYPE, toProblemAnswer } from './ProblemDetails.js';

const REFUSALS: ReadonlySet<string> = new Set(['HTTP_SHUTTING_DOWN', 'HTTP_OVERLOADED']);

/** Answers a Fastify reply with the problem+json of `error`, logging server-side failures (internal). */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: unknown, logger: Logger | undefined): FastifyReply {
  const requestId = (request as StatefulRequest)[kState]?.requestId ?? request.id;
  const { status, retryAfterSeconds, problem } = toProblemAnswer(error, requestId, request.url.split('?')[0]);
  logProblem(logger, error, problem.code, status, { requestId, method: request.method, url: request.url });
  if (retryAfterSeconds !== undefined) reply.header('retry-after', String(retryAfterSeconds));
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

/** Answers a raw (hijacked) response with the problem+json of `error`; a response already begun is cut instead. */
export function sendRawProblem(res: ServerResponse, requestId: string, url: string, error: unknown, logger: Logger | undefined): void {
  const { status, retryAfterSeconds, problem } = toProblemAnswer(error, requestId, url.split('?')[0]);
  logProblem(logger, error, problem.code, status, { requestId, url });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    'content-type': PROBLEM_CONTENT_TYPE,
    ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
  });
  res.end(JSON.stringify(problem));
}

/** Server-side failures go to the log with their cause (the caller saw only the description); a cancelled call is noted. */
function logProblem(
  logger: Logger | undefined,
  error: unknown,
  code: string,
  status: number,
  where: Readonly<Record<string, unknown>>,
): void {
  if (status === 499) logger?.info({ ...where, code }, 'request cancelled');
  // Refusals by design (draining, shedding) are not failures, and under load one log line each would add to it.
  else if (status >= 500 && !REFUSALS.has(code)) logger?.error({ err: error, ...where }, `request failed: ${code}`);
}

/** Fastify's own errors (body limit, media type, JSON) as codes of the HTTP catalogue. */
export function translateFastifyError(error: FastifyError | Error): unknown {
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
