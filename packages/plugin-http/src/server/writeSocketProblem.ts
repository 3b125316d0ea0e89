import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_CONTENT_TYPE, toProblemAnswer } from '../problem/ProblemDetails.js';

/**
 * Answers an error as problem+json straight on a socket that no route owns (a request Node's
 * parser refused, a refused upgrade), then closes it (internal). Returns the problem's code.
 */
export function writeSocketProblem(
  socket: Duplex,
  error: unknown,
  requestId: string,
  headers: Readonly<Record<string, string>> = {},
): string {
  const { status, problem } = toProblemAnswer(error, requestId, undefined);
  if (socket.writable) {
    const body = JSON.stringify(problem);
    const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra.join('')}Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
  return problem.code;
}
