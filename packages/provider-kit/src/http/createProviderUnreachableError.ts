import { KernelError, toError } from '@cortex-os/kernel';

/**
 * Options of {@link createProviderUnreachableError}.
 * @public
 */
export interface CreateProviderUnreachableErrorOptions {
  /** Provider name used in the message and `details.provider`. */
  readonly provider: string;
  /** The endpoint that could not be reached, for the message and `details.baseUrl`. */
  readonly baseUrl: string;
  /** What `fetch` threw; its `cause.code` (e.g. `ECONNREFUSED`) becomes `details.errno`. */
  readonly error: unknown;
  /** A likely fix appended in parentheses, e.g. "is `ollama serve` running?". */
  readonly hint?: string | undefined;
  /** Removes secrets from the base URL and the error message. Default: none. */
  readonly redact?: ((text: string) => string) | undefined;
}

/**
 * Turns a failed connection (refused, DNS, TLS…) into the kernel's `PROVIDER_UNAVAILABLE`
 * with `details.reason: 'unreachable'` and the system error code as `details.errno`.
 * @public
 */
export function createProviderUnreachableError(options: CreateProviderUnreachableErrorOptions): KernelError {
  const { provider, error, hint } = options;
  const redact = options.redact ?? ((text: string): string => text);
  const baseUrl = redact(options.baseUrl);
  const code = networkErrorCode(error);
  return new KernelError(
    'PROVIDER_UNAVAILABLE',
    `Provider "${provider}" cannot reach ${baseUrl}: ${code ?? redact(toError(error).message)}${hint === undefined ? '' : ` (${hint})`}.`,
    {
      details: { provider, baseUrl, reason: 'unreachable', ...(code === undefined ? {} : { errno: code }) },
    },
  );
}

/** The system error code undici puts on a failed fetch's `cause` (e.g. `ECONNREFUSED`). */
function networkErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}
