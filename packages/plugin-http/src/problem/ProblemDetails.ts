import { CortexError, kernelErrorCatalogue } from '@cortex-os/kernel';
import { httpErrorCatalogue } from '../errors/httpErrorCatalogue.js';
import { httpErrorStatus, kernelErrorStatus, statusFromCodeSuffix } from './errorStatus.js';

/**
 * One failing field of a request, in a problem's `errors` list.
 * @public
 */
export interface ProblemFieldError {
  /** Dotted path with array indexes (`items[2].name`); empty for the whole value. */
  readonly path: string;
  /** What is wrong with the field. */
  readonly message: string;
  /** Where the field was: `params`, `query`, `body` (or `input` for tool input). */
  readonly location?: string;
  /** The validator's issue code (e.g. zod's `too_small`), when known. */
  readonly code?: string;
}

/**
 * The `application/problem+json` body (RFC 9457) every error answer has; never carries a stack.
 * @public
 */
export interface ProblemDetails {
  /** `urn:cortex-os:problem:<code>`. */
  readonly type: string;
  /** The code's catalogue description. */
  readonly title: string;
  /** The HTTP status of the answer. */
  readonly status: number;
  /** Stable code, e.g. `TOOL_UNKNOWN`. */
  readonly code: string;
  /** What went wrong for 4xx; only the catalogue description for 5xx (the cause is logged). */
  readonly detail: string;
  /** The request path. */
  readonly instance?: string;
  /** The request id, also on the `x-request-id` header and in the server log. */
  readonly requestId: string;
  /** Every failing field, for validation errors. */
  readonly errors?: readonly ProblemFieldError[];
}

/** The problem+json media type. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const catalogue: Readonly<Record<string, { readonly description: string }>> = { ...kernelErrorCatalogue, ...httpErrorCatalogue };
const statuses: Readonly<Record<string, number>> = { ...kernelErrorStatus, ...httpErrorStatus };

/** Maps any thrown value to an HTTP status, using the typed tables, then `extra`, then the code's suffix. */
export function statusOf(error: unknown, extra?: ReadonlyMap<string, number>): number {
  if (!CortexError.is(error)) return 500;
  return extra?.get(error.code) ?? statuses[error.code] ?? statusFromCodeSuffix(error.code);
}

/**
 * Builds the wire shape of an error apart from the error class: 4xx answers carry the message
 * and field errors; 5xx answers carry only the catalogue description (the cause stays in the log).
 */
export function toProblem(
  error: unknown,
  requestId: string,
  instance: string | undefined,
  extra?: ReadonlyMap<string, number>,
): ProblemDetails {
  const status = statusOf(error, extra);
  const code = CortexError.is(error) ? error.code : 'HTTP_INTERNAL_ERROR';
  const description = catalogue[code]?.description;
  const internal = status >= 500;
  let detail: string;
  if (!CortexError.is(error)) detail = `${httpErrorCatalogue.HTTP_INTERNAL_ERROR.description} Request id: ${requestId}.`;
  else if (!internal) detail = error.message;
  else if (code === 'TOOL_EXECUTION_FAILED' || code === 'TOOL_OUTPUT_INVALID') {
    // The kernel's message embeds the handler's own message, which may hold internals.
    const tool = typeof error.details['tool'] === 'string' ? error.details['tool'] : 'unknown';
    detail = `Tool "${tool}" failed. Request id: ${requestId}.`;
  } else detail = `${description ?? error.message} Request id: ${requestId}.`;
  const errors = CortexError.is(error) && !internal ? fieldErrors(error) : undefined;
  return {
    type: `urn:cortex-os:problem:${code}`,
    title: description ?? titleOf(status),
    status,
    code,
    detail,
    ...(instance === undefined ? {} : { instance }),
    requestId,
    ...(errors === undefined || errors.length === 0 ? {} : { errors }),
  };
}

function fieldErrors(error: CortexError): ProblemFieldError[] | undefined {
  const issues = error.details['issues'];
  if (!Array.isArray(issues)) return undefined;
  const location = error.code === 'TOOL_INPUT_INVALID' ? 'input' : undefined;
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message, code, location: own } = issue as Record<string, unknown>;
    const where = typeof own === 'string' ? own : location;
    return [
      {
        path: typeof path === 'string' ? path : '',
        message: typeof message === 'string' ? message : 'invalid',
        ...(where === undefined ? {} : { location: where }),
        ...(typeof code === 'string' ? { code } : {}),
      },
    ];
  });
}

function titleOf(status: number): string {
  if (status === 404) return 'Not found';
  if (status >= 500) return 'Server error';
  return 'Bad request';
}
