import type { ServerResponse } from 'node:http';

/**
 * Answers with `body` as JSON (`content-type: application/json`) and ends the response.
 *
 * @example
 * ```ts
 * await using server = await startTestHttpServer((_request, response) =>
 *   sendJson(response, 429, { error: { message: 'slow down' } }, { 'retry-after': '2' }),
 * );
 * ```
 * @public
 */
export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
