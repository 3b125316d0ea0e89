import { CortexError, httpErrorTreatment, remoteErrorExposure, toRemoteErrorView, type RemoteErrorIssue } from '@cortex-os/kernel';
import { HttpError } from '../errors/HttpError.js';

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
  /**
   * What the caller may see, by the code's kind: the message (server paths removed) for input
   * errors, a fixed text for authentication and throttling, the catalogue description and the
   * request id for server-side failures (the cause is logged); absent for a cancelled request.
   */
  readonly detail?: string;
  /** The request path. */
  readonly instance?: string;
  /** The request id, also on the `x-request-id` header and in the server log. */
  readonly requestId: string;
  /** Every failing field, for validation errors. */
  readonly errors?: readonly ProblemFieldError[];
}

/** The problem+json media type. */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * An error answer: its status, the `Retry-After` seconds when the kind sends them and they are
 * known, and the problem+json body.
 */
export interface ProblemAnswer {
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  readonly problem: ProblemDetails;
}

/**
 * Builds the answer to an error from the kernel's kind tables alone: the status from
 * `httpErrorTreatment`, the body from what `remoteErrorExposure` lets a remote caller see. A
 * value that is not a Cortex-OS error is answered as `HTTP_INTERNAL_ERROR`.
 */
export function toProblemAnswer(error: unknown, requestId: string, instance: string | undefined): ProblemAnswer {
  const coded = CortexError.is(error)
    ? error
    : new HttpError('HTTP_INTERNAL_ERROR', 'A route handler threw an unexpected error.', { cause: error });
  // The request path is the caller's own: a message that echoes it (no route for …) keeps it.
  const view = toRemoteErrorView(coded, { callerSent: instance === undefined ? [] : [instance] });
  const { status } = httpErrorTreatment[view.kind];
  // Server-side failures point at the log line that holds the cause.
  const detail = remoteErrorExposure[view.kind].shows === 'description' ? `${view.text} Request id: ${requestId}.` : view.text;
  const errors = view.issues?.map((issue) => fieldError(issue, coded));
  return {
    status,
    retryAfterSeconds: view.retryAfterSeconds,
    problem: {
      type: `urn:cortex-os:problem:${view.code}`,
      title: view.title,
      status,
      code: view.code,
      ...(detail === undefined ? {} : { detail }),
      ...(instance === undefined ? {} : { instance }),
      requestId,
      ...(errors === undefined ? {} : { errors }),
    },
  };
}

/** The problem body alone; see {@link toProblemAnswer}. */
export function toProblem(error: unknown, requestId: string, instance: string | undefined): ProblemDetails {
  return toProblemAnswer(error, requestId, instance).problem;
}

/** A field issue of a tool call's input is located in `input` when the issue itself does not say. */
function fieldError(issue: RemoteErrorIssue, error: CortexError): ProblemFieldError {
  if (issue.location !== undefined || typeof error.details['tool'] !== 'string') return issue;
  return { path: issue.path, message: issue.message, location: 'input', ...(issue.code === undefined ? {} : { code: issue.code }) };
}
