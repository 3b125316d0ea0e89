import { CortexError, KernelError, toError } from '@cortex-os/kernel';
import { createProviderHttpError, type ProviderErrorBodyReader } from './createProviderHttpError.js';
import { createProviderUnreachableError } from './createProviderUnreachableError.js';
import { createRequestDeadline, type RequestDeadline, type RequestDeadlineTimeoutCause } from './RequestDeadline.js';

/**
 * What stays the same for every request a provider sends: where, how long, and how its
 * failures are worded. Build it once per provider.
 * @public
 */
export interface ProviderHttpProfile {
  /** Provider name used in every error message and `details.provider`. */
  readonly provider: string;
  /** Root URL the request path is appended to (no trailing slash). */
  readonly baseUrl: string;
  /** Longest a whole request may take, in ms. */
  readonly timeoutMs: number;
  /** Longest a response may stay silent (before headers and between body chunks), in ms. */
  readonly idleTimeoutMs: number;
  /** The fetch to use. */
  readonly fetch: typeof fetch;
  /** Removes secrets (an API key) from every text that may echo them. Default: none. */
  readonly redact?: ((text: string) => string) | undefined;
  /** A likely fix appended to the unreachable message, e.g. "is `ollama serve` running?". */
  readonly unreachableHint?: string | undefined;
  /** Reads the message (and extra details) of a JSON error body. Default: {@link errorBodyMessage}. */
  readonly readErrorBody?: ProviderErrorBodyReader | undefined;
  /** Builds the `cause` of a timeout error (the provider's own `…_TIMEOUT` error). */
  readonly timeoutCause?: RequestDeadlineTimeoutCause | undefined;
  /** Builds the `cause` of a response broken off mid-body (the provider's own `…_STREAM_TRUNCATED` error). */
  readonly streamTruncatedCause?: ((message: string, error: unknown) => unknown) | undefined;
  /** Errors thrown by `read` that must reach the caller unchanged (not wrapped as a broken-off response). */
  readonly passThrough?: ((error: unknown) => boolean) | undefined;
}

/**
 * One request sent through {@link fetchWithDeadline}.
 * @public
 */
export interface ProviderHttpRequest<T> {
  /** HTTP method. */
  readonly method: string;
  /** Path appended to the profile's `baseUrl`, e.g. `/api/embed`. */
  readonly path: string;
  /** Request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Sent as a JSON body when defined. */
  readonly payload?: unknown;
  /** The caller's signal; its abort rejects with its own reason. */
  readonly signal?: AbortSignal | undefined;
  /** Reads a 2xx response; call `deadline.touch()` per chunk (or use `readResponseChunks`). */
  readonly read: (response: Response, deadline: RequestDeadline) => Promise<T>;
}

/**
 * Sends one request to a model provider with a total deadline and an idle deadline, and maps
 * every failure to a kernel error the policy router understands.
 *
 * @remarks
 * - the caller's abort rejects with the signal's reason;
 * - a connection that cannot be made → `PROVIDER_UNAVAILABLE` (`reason: 'unreachable'`);
 * - a non-2xx answer → `PROVIDER_REQUEST_FAILED` (`reason: 'http'`, `status`, `retryAfterMs`);
 * - a deadline → `PROVIDER_REQUEST_FAILED` (`reason: 'timeout'`);
 * - any other error while reading the body → `PROVIDER_REQUEST_FAILED` (`reason: 'stream-truncated'`),
 *   except Cortex errors and errors the profile's `passThrough` accepts, which pass unchanged.
 * @throws `PROVIDER_UNAVAILABLE` or `PROVIDER_REQUEST_FAILED` (a `KernelError`) as above.
 * @example
 * ```ts
 * const profile = { provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', timeoutMs: 300_000, idleTimeoutMs: 60_000, fetch };
 * const tags = await fetchWithDeadline(profile, {
 *   method: 'GET', path: '/api/tags', headers: { accept: 'application/json' },
 *   read: async (response, deadline) => JSON.parse(await readResponseText(response.body, deadline)),
 * });
 * ```
 * @public
 */
export async function fetchWithDeadline<T>(profile: ProviderHttpProfile, request: ProviderHttpRequest<T>): Promise<T> {
  const { provider, baseUrl } = profile;
  const { method, path, payload, signal } = request;
  const redact = profile.redact ?? identity;
  signal?.throwIfAborted();
  const deadline = createRequestDeadline({
    provider,
    signal,
    timeoutMs: profile.timeoutMs,
    idleTimeoutMs: profile.idleTimeoutMs,
    timeoutCause: profile.timeoutCause,
  });
  // Started before fetch, so a server that never sends headers is caught by the idle deadline too.
  deadline.touch();
  try {
    let response: Response;
    try {
      response = await profile.fetch(`${baseUrl}${path}`, {
        method,
        headers: request.headers,
        signal: deadline.signal,
        ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
      });
    } catch (error) {
      const translated = deadline.translate(error);
      if (translated !== error) throw translated;
      throw createProviderUnreachableError({ provider, baseUrl, error, hint: profile.unreachableHint, redact });
    }
    deadline.touch();
    if (!response.ok)
      throw await createProviderHttpError({ provider, method, path, response, deadline, readErrorBody: profile.readErrorBody, redact });
    return await request.read(response, deadline);
  } catch (error) {
    const translated = deadline.translate(error);
    if (translated !== error || CortexError.is(error) || profile.passThrough?.(error) === true) throw translated;
    // Anything else was thrown while reading the body: the connection broke mid-response.
    const message = `Provider "${provider}" broke off its response to ${method} ${path}: ${redact(toError(error).message)}.`;
    const cause = profile.streamTruncatedCause?.(message, error);
    throw new KernelError('PROVIDER_REQUEST_FAILED', message, {
      details: { provider, reason: 'stream-truncated' },
      ...(cause === undefined ? {} : { cause }),
    });
  } finally {
    deadline.dispose();
  }
}

function identity(text: string): string {
  return text;
}
