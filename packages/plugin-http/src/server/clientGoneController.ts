import type { ServerResponse } from 'node:http';
import { HttpError } from '../errors/HttpError.js';

/**
 * An AbortController that aborts with `HTTP_CLIENT_CLOSED` when the client goes away before `res`
 * was sent in full (internal) — at once when that happened already: the response's 'close' is
 * then emitted, and listening for it would never fire.
 */
export function clientGoneController(res: ServerResponse): AbortController {
  const controller = new AbortController();
  if (res.closed) clientGone(res, controller);
  else res.once('close', () => clientGone(res, controller));
  return controller;
}

function clientGone(res: ServerResponse, controller: AbortController): void {
  if (!res.writableFinished)
    controller.abort(new HttpError('HTTP_CLIENT_CLOSED', 'The client closed the connection before the answer was sent.'));
}
