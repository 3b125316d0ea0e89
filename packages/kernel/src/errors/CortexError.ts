const cortexErrorBrand = Symbol.for('cortex-os.error');

/**
 * What every Cortex-OS error carries besides its message.
 * @public
 */
export interface CortexErrorOptions {
  /** Structured facts about the failure (names, paths, values) for logs and wire shapes. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The error this one wraps; kept so the root cause survives every layer. */
  readonly cause?: unknown;
}

/**
 * Base class of every error thrown by Cortex-OS packages: a stable `code` from a
 * package catalogue, a human message, structured `details` and the wrapped `cause`.
 *
 * @remarks
 * Recognise Cortex-OS errors with {@link CortexError.is} rather than `instanceof`:
 * two installed copies of the kernel would each have their own class.
 * @public
 */
export class CortexError<Code extends string = string> extends Error {
  /** Stable `AREA_WHAT` code from the package's error catalogue. */
  readonly code: Code;
  /** Structured facts about the failure; empty when none were given. */
  readonly details: Readonly<Record<string, unknown>>;

  /** Creates an error with a catalogue code and a message; a `cause` that is not an `Error` is normalised with {@link toError}. */
  constructor(code: Code, message: string, options: CortexErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: toError(options.cause) });
    this.name = new.target.name;
    this.code = code;
    this.details = options.details ?? {};
    Object.defineProperty(this, cortexErrorBrand, { value: true });
  }

  /** True for any Cortex-OS error, whichever copy of the package created it; narrows by code when given. */
  static is<C extends string = string>(value: unknown, code?: C): value is CortexError<C> {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[cortexErrorBrand] !== true) return false;
    return code === undefined || (value as CortexError).code === code;
  }
}

/**
 * Normalises anything thrown into an `Error`, so that `cause` chains and logs always have a message.
 * @public
 */
export function toError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  if (typeof thrown === 'string') return new Error(thrown);
  let text: string;
  try {
    text = JSON.stringify(thrown) ?? String(thrown);
  } catch {
    text = String(thrown);
  }
  return new Error(`non-error value thrown: ${text}`);
}
