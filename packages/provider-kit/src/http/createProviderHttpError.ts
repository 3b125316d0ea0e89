import { KernelError } from '@cortex-os/kernel';
import { errorBodyMessage } from './errorBodyMessage.js';
import { parseRetryAfterHeaders } from './parseRetryAfterHeaders.js';
import { readResponseText } from './readResponseBody.js';
import type { RequestDeadline } from './RequestDeadline.js';

/** Longest part of an error body kept for the message, in characters. */
const MAX_ERROR_BODY = 4096;

/**
 * What a provider reads from a JSON error body: the message to show and extra `details`.
 * @public
 */
export interface ProviderErrorBody {
  /** Replaces the raw body text in the message when defined. */
  readonly message?: string | undefined;
  /** Added to the error's `details` after `provider`, `reason`, `status` and `retryAfterMs`. */
  readonly details?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * Reads a JSON error body (any object, already parsed) into a {@link ProviderErrorBody}; may throw,
 * in which case the raw text is kept.
 * @public
 */
export type ProviderErrorBodyReader = (body: Record<string, unknown>) => ProviderErrorBody;

/**
 * Options of {@link createProviderHttpError}.
 * @public
 */
export interface CreateProviderHttpErrorOptions {
  /** Provider name used in the message and `details.provider`. */
  readonly provider: string;
  /** HTTP method of the failed request, for the message. */
  readonly method: string;
  /** Path of the failed request, for the message. */
  readonly path: string;
  /** The non-2xx response; its body is read (first 4096 characters) for the message. */
  readonly response: Response;
  /** The request's deadline, so a stalled error body is aborted too. */
  readonly deadline: Pick<RequestDeadline, 'touch'>;
  /** Reads the message (and extra details) from a JSON body. Default: {@link errorBodyMessage}. */
  readonly readErrorBody?: ProviderErrorBodyReader | undefined;
  /** Removes secrets from the body's message before it becomes part of the error. Default: none. */
  readonly redact?: ((text: string) => string) | undefined;
  /** Clock for an HTTP-date `Retry-After`, in ms since the epoch. Default `Date.now()`. */
  readonly now?: number | undefined;
}

/**
 * Turns a non-2xx HTTP response into the kernel's `PROVIDER_REQUEST_FAILED`, with
 * `details.status`, `details.retryAfterMs` (from `retry-after-ms` or `Retry-After`) and the
 * server's own message, so the router can decide whether to retry and when.
 *
 * @remarks
 * A body that cannot be read or is not JSON is not an error: the status says enough, and the
 * raw text (trimmed) is kept as the message.
 * @public
 */
export async function createProviderHttpError(options: CreateProviderHttpErrorOptions): Promise<KernelError> {
  const { provider, method, path, response, deadline } = options;
  const redact = options.redact ?? identity;
  const readErrorBody = options.readErrorBody ?? defaultReadErrorBody;
  let text = '';
  try {
    text = (await readResponseText(response.body, deadline)).slice(0, MAX_ERROR_BODY);
  } catch {
    // The status says enough; a body that cannot be read adds nothing.
  }
  let message = text.trim();
  let extra: Readonly<Record<string, unknown>> | undefined;
  try {
    const parsed = JSON.parse(text) as unknown;
    // A JSON primitive or null carries no message.
    if (typeof parsed === 'object' && parsed !== null) {
      const read = readErrorBody(parsed as Record<string, unknown>);
      if (read.message !== undefined) message = read.message;
      extra = read.details;
    }
  } catch {
    // Not JSON (or not a shape the reader knows): keep the text.
  }
  const retryAfterMs = parseRetryAfterHeaders(response.headers, options.now ?? Date.now());
  const status = response.status;
  const label = `${status}${response.statusText === '' ? '' : ` ${response.statusText}`}`;
  return new KernelError(
    'PROVIDER_REQUEST_FAILED',
    `Provider "${provider}" answered ${label} to ${method} ${path}${message === '' ? '' : `: ${redact(message)}`}`,
    {
      details: { provider, reason: 'http', status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }), ...extra },
    },
  );
}

function defaultReadErrorBody(body: Record<string, unknown>): ProviderErrorBody {
  return { message: errorBodyMessage(body) };
}

function identity(text: string): string {
  return text;
}
