import { createJsonDepthScanner } from '@cortex-os/http-api/security';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from '../errors/HttpError.js';
import { parseJsonInSlices } from './parseJsonInSlices.js';

/** Bodies up to this size are checked and parsed in one step; larger ones are checked slice by slice. */
export const JSON_SLICE_CHARS = 64 * 1024;

/** Options of {@link installJsonBodyParser}. */
export interface JsonBodyParserOptions {
  readonly maxDepth: number;
  /** Lets the event loop run between slices of a large body (other requests are served meanwhile). */
  readonly yieldToLoop: () => Promise<void>;
}

/**
 * Replaces Fastify's JSON parser (internal): malformed JSON is answered with the parser's own
 * words (what and where); a body nested deeper than `maxDepth` is refused before it is parsed
 * (it would overflow the stack of validation and serialisation: a 500 for a client's mistake);
 * a large body is checked and parsed in slices with the event loop running between them, so a
 * probe sent meanwhile is answered first (`parseJsonInSlices`); `__proto__` / `constructor.prototype` keys are refused.
 */
export function installJsonBodyParser(app: FastifyInstance, options: JsonBodyParserOptions): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length <= JSON_SLICE_CHARS) {
      const [error, value] = parseChecked(text, options.maxDepth);
      done(error as FastifyError | null, value);
      return;
    }
    void parseLarge(text, options).then(([error, value]) => done(error as FastifyError | null, value));
  });
}

async function parseLarge(text: string, options: JsonBodyParserOptions): Promise<[HttpError | null, unknown]> {
  const scanner = createJsonDepthScanner(options.maxDepth);
  for (let at = 0; at < text.length; at += JSON_SLICE_CHARS) {
    await options.yieldToLoop();
    if (scanner.scan(text, at, Math.min(text.length, at + JSON_SLICE_CHARS))) return [tooDeep(options.maxDepth), undefined];
  }
  await options.yieldToLoop();
  if (text.trim() === '') return [null, undefined];
  try {
    const checkMember = text.includes('__proto__') || text.includes('constructor') ? rejectPoison : undefined;
    return [null, await parseJsonInSlices(text, { sliceChars: JSON_SLICE_CHARS, yieldToLoop: options.yieldToLoop, checkMember })];
  } catch (error) {
    return [malformed(error), undefined];
  }
}

function parseChecked(text: string, maxDepth: number): [HttpError | null, unknown] {
  if (text.trim() === '') return [null, undefined];
  // Nesting deeper than maxDepth takes more than maxDepth characters: short bodies skip the scan.
  if (text.length > maxDepth && createJsonDepthScanner(maxDepth).scan(text, 0, text.length)) return [tooDeep(maxDepth), undefined];
  try {
    const parsed: unknown = text.includes('__proto__') || text.includes('constructor') ? JSON.parse(text, rejectPoison) : JSON.parse(text);
    return [null, parsed];
  } catch (error) {
    return [malformed(error), undefined];
  }
}

function malformed(error: unknown): HttpError {
  return new HttpError('HTTP_BODY_MALFORMED', `Request body is not valid JSON: ${(error as Error).message}.`);
}

function tooDeep(maxDepth: number): HttpError {
  return HttpError.create('HTTP_BODY_TOO_DEEP', { maxDepth });
}

function rejectPoison(key: string, value: unknown): unknown {
  if (key === '__proto__' || (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)) {
    throw new SyntaxError(`forbidden key "${key}"`);
  }
  return value;
}
