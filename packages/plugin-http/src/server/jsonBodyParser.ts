import { checkJsonBodyInSlices, createJsonDepthScanner } from '@cortex-os/http-api/security';
import type { FastifyError, FastifyInstance } from 'fastify';
import { HttpError } from '../errors/HttpError.js';

/** Bodies up to this size are checked and parsed in one step; larger ones are checked slice by slice. */
export const JSON_SLICE_CHARS = 64 * 1024;

// Requests whose JSON body was larger than one slice: the route runner validates them in slices too.
const largeBodies = new WeakSet<object>();

/** True when the request's JSON body was parsed in slices (larger than {@link JSON_SLICE_CHARS}). */
export function hasLargeBody(request: object): boolean {
  return largeBodies.has(request);
}

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
 * probe sent meanwhile is answered first (`checkJsonBodyInSlices`); `__proto__` / `constructor.prototype` keys are refused.
 */
export function installJsonBodyParser(app: FastifyInstance, options: JsonBodyParserOptions): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length <= JSON_SLICE_CHARS) {
      const [error, value] = parseChecked(text, options.maxDepth);
      done(error as FastifyError | null, value);
      return;
    }
    largeBodies.add(request);
    void parseLarge(text, options).then(([error, value]) => done(error as FastifyError | null, value));
  });
}

async function parseLarge(text: string, options: JsonBodyParserOptions): Promise<[HttpError | null, unknown]> {
  const checkMember = text.includes('__proto__') || text.includes('constructor') ? rejectPoison : undefined;
  const outcome = await checkJsonBodyInSlices(text, {
    maxDepth: options.maxDepth,
    sliceChars: JSON_SLICE_CHARS,
    yieldToLoop: options.yieldToLoop,
    checkMember,
  });
  if (outcome.ok) return [null, outcome.value];
  if (outcome.reason === 'too-deep') return [tooDeep(options.maxDepth), undefined];
  return [malformed(outcome.message), undefined];
}

function parseChecked(text: string, maxDepth: number): [HttpError | null, unknown] {
  if (text.trim() === '') return [null, undefined];
  // Nesting deeper than maxDepth takes more than maxDepth characters: short bodies skip the scan.
  if (text.length > maxDepth && createJsonDepthScanner(maxDepth).scan(text, 0, text.length)) return [tooDeep(maxDepth), undefined];
  try {
    const parsed: unknown = text.includes('__proto__') || text.includes('constructor') ? JSON.parse(text, rejectPoison) : JSON.parse(text);
    return [null, parsed];
  } catch (error) {
    return [malformed((error as Error).message), undefined];
  }
}

function malformed(message: string): HttpError {
  return new HttpError('HTTP_BODY_MALFORMED', `Request body is not valid JSON: ${message}.`);
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
