import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from '../errors/HttpError.js';

/**
 * Replaces Fastify's JSON parser (internal): malformed JSON is answered with the parser's own
 * words (what and where), and `__proto__` / `constructor.prototype` keys are refused.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
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
}

function rejectPoison(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) {
    throw new SyntaxError(`forbidden key "${key}"`);
  }
  return value;
}
