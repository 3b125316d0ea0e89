import type { ErrorCatalogueEntry } from './defineErrorCatalogue.js';
import { type ErrorKind, isErrorKind } from './ErrorKind.js';
import { type ErrorMessageParams, formatErrorMessage } from './formatErrorMessage.js';

const cortexErrorBrand = Symbol.for('cortex-os.error');
/** How deep {@link CortexError.find} follows causes and problems: deeper chains are cycles in practice. */
const FIND_DEPTH_LIMIT = 32;

/**
 * What every Cortex-OS error carries besides its message.
 * @public
 */
export interface CortexErrorOptions {
  /** Structured facts about the failure (names, paths, values) for logs; never sent to remote callers. */
  readonly details?: Readonly<Record<string, unknown>>;
  /** The error this one wraps; kept so the root cause survives every layer. */
  readonly cause?: unknown;
  /** When the caller may retry, if known (a breaker's half-open delay, a drain): sent as `Retry-After` for 429 and 503. */
  readonly retryAfterMs?: number;
}

/**
 * A Cortex-OS error class with its catalogue, as `XError.create` needs it.
 * @public
 */
export interface CortexErrorClass<Catalogue extends Readonly<Record<string, ErrorCatalogueEntry>>, Instance extends CortexError> {
  /** The class's error catalogue. */
  readonly catalogue: Catalogue;
  /** Builds an error from a code of the catalogue and a message. */
  new (code: never, message: string, options?: CortexErrorOptions): Instance;
}

/**
 * Base class of every error thrown by Cortex-OS packages: a stable `code` from a package
 * catalogue, the code's {@link ErrorKind}, a human message, structured `details` and the
 * wrapped `cause`.
 *
 * @remarks
 * Recognise Cortex-OS errors with {@link CortexError.is} rather than `instanceof`: two
 * installed copies of the kernel would each have their own class. A subclass names its
 * catalogue (`static override readonly catalogue = …`), and its errors take their `kind` from
 * their code's entry; an error whose code no catalogue knows is `internal`.
 * @public
 */
export class CortexError<Code extends string = string> extends Error {
  /** The catalogue of this class's codes; the base class has none. */
  static readonly catalogue: Readonly<Record<string, ErrorCatalogueEntry>> | undefined = undefined;

  /** Stable `AREA_WHAT` code from the package's error catalogue. */
  readonly code: Code;
  /** The kind of failure, from the code's catalogue entry; `internal` when no catalogue knows the code. */
  readonly kind: ErrorKind;
  /** Structured facts about the failure; empty when none were given. Never sent to remote callers. */
  readonly details: Readonly<Record<string, unknown>>;
  /** When the caller may retry, if known. */
  readonly retryAfterMs: number | undefined;

  /** Creates an error with a catalogue code and a message; a `cause` that is not an `Error` is normalised with {@link toError}. */
  constructor(code: Code, message: string, options: CortexErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: toError(options.cause) });
    this.name = new.target.name;
    this.code = code;
    const kind = (new.target as typeof CortexError).catalogue?.[code]?.kind;
    this.kind = isErrorKind(kind) ? kind : 'internal';
    this.details = options.details ?? {};
    this.retryAfterMs = options.retryAfterMs;
    Object.defineProperty(this, cortexErrorBrand, { value: true });
  }

  /**
   * Builds an error whose message is the code's catalogue template filled with `params`.
   * @example
   * ```ts
   * throw GatesError.create('GATES_CLI_USAGE', { option: '--fast' }, { details: { option: '--fast' } });
   * ```
   */
  static create<
    Catalogue extends Readonly<Record<string, ErrorCatalogueEntry>>,
    Instance extends CortexError,
    C extends keyof Catalogue & string,
  >(
    this: CortexErrorClass<Catalogue, Instance>,
    code: C,
    params: ErrorMessageParams<Catalogue[C]['message']>,
    options?: CortexErrorOptions,
  ): Instance {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `create` was called on: GatesError.create builds a GatesError
    return fromTemplate(this, code, params as ErrorMessageParams<string>, options);
  }

  /** True for any Cortex-OS error, whichever copy of the package created it; narrows by the outer code when given. */
  static is<C extends string = string>(value: unknown, code?: C): value is CortexError<C> {
    if (typeof value !== 'object' || value === null) return false;
    if ((value as Record<symbol, unknown>)[cortexErrorBrand] !== true) return false;
    return code === undefined || (value as CortexError).code === code;
  }

  /**
   * The first Cortex-OS error with `code` in `value`, its `cause` chain, and the problems or
   * errors it aggregates (`KernelAggregateError.problems`, `AggregateError.errors`), breadth first.
   * @example
   * ```ts
   * const listen = CortexError.find(startError, 'HTTP_LISTEN_FAILED'); // inside KERNEL_START_FAILED
   * ```
   */
  static find<C extends string>(value: unknown, code: C): CortexError<C> | undefined {
    const seen = new Set<unknown>();
    let level: unknown[] = [value];
    for (let depth = 0; depth < FIND_DEPTH_LIMIT && level.length > 0; depth += 1) {
      const next: unknown[] = [];
      for (const candidate of level) {
        if (typeof candidate !== 'object' || candidate === null || seen.has(candidate)) continue;
        seen.add(candidate);
        if (CortexError.is(candidate, code)) return candidate;
        next.push(...nested(candidate));
      }
      level = next;
    }
    return undefined;
  }
}

/** Builds an error of `errorClass` whose message is its code's template filled with `params`. */
function fromTemplate<Instance extends CortexError>(
  errorClass: CortexErrorClass<Readonly<Record<string, ErrorCatalogueEntry>>, Instance>,
  code: string,
  params: ErrorMessageParams<string>,
  options: CortexErrorOptions | undefined,
): Instance {
  const template = errorClass.catalogue[code]?.message ?? code;
  return new errorClass(code as never, formatErrorMessage(template, params), options);
}

/** What an error wraps or aggregates: its cause, AggregateError-style `errors`, and the causes of kernel `problems`. */
function nested(error: object): unknown[] {
  const { cause, errors, problems } = error as { cause?: unknown; errors?: unknown; problems?: unknown };
  const out: unknown[] = cause === undefined ? [] : [cause];
  if (Array.isArray(errors)) out.push(...errors);
  if (Array.isArray(problems)) {
    for (const problem of problems) out.push((problem as { cause?: unknown } | null)?.cause);
  }
  return out;
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
