import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Logger } from '@cortex-os/kernel';
import { HttpError } from '../errors/HttpError.js';
import { writeSocketProblem } from './writeSocketProblem.js';

/**
 * Answers what Node's HTTP parser refuses before a request reaches a route (internal): a client
 * whose headers or body did not arrive within the timeouts gets 408 `HTTP_REQUEST_TIMEOUT`, any
 * other malformed request 400 `HTTP_REQUEST_INVALID`, as problem+json; then the socket is closed.
 */
export function answerClientError(
  error: Error & { code?: string },
  socket: Socket,
  timeouts: { readonly headersMs: number; readonly requestMs: number },
  logger: Logger | undefined,
): void {
  // A reset connection is already gone; nothing to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? HttpError.create('HTTP_REQUEST_TIMEOUT', timeouts)
      : new HttpError('HTTP_REQUEST_INVALID', 'The request is not valid HTTP.', { cause: error });
  const code = writeSocketProblem(socket, refusal, randomUUID());
  logger?.info({ code, reason: error.code }, 'client error: connection closed');
}
