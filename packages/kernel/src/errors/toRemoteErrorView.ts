import type { CortexError } from './CortexError.js';
import type { ErrorCatalogueEntry } from './defineErrorCatalogue.js';
import { type ErrorKind, isErrorKind } from './ErrorKind.js';
import { httpErrorTreatment } from './httpErrorTreatment.js';
import { isRawDatabaseText, redactRemoteText } from './redactRemoteText.js';
import { remoteErrorExposure } from './remoteErrorExposure.js';

/**
 * One failing field of an `invalid-input` error, as a remote caller sees it.
 * @public
 */
export interface RemoteErrorIssue {
  /** Dotted path with array indexes (`items[2].name`); empty for the whole value. */
  readonly path: string;
  /** What is wrong with the field. */
  readonly message: string;
  /** Where the field was (`params`, `query`, `body`, `input`), when the error says. */
  readonly location?: string;
  /** The validator's issue code (e.g. zod's `too_small`), when known. */
  readonly code?: string;
}

/**
 * Everything a transport may show a remote caller of an error, built by {@link toRemoteErrorView}
 * from the kind tables alone.
 * @public
 */
export interface RemoteErrorView {
  /** The stable code. */
  readonly code: string;
  /** Its kind. */
  readonly kind: ErrorKind;
  /** The code's catalogue description (a problem's `title`). */
  readonly title: string;
  /** The text the caller sees, per {@link remoteErrorExposure}; undefined when it sees nothing. */
  readonly text: string | undefined;
  /** Whole seconds until a retry may succeed, for kinds whose HTTP treatment sends `Retry-After`. */
  readonly retryAfterSeconds?: number;
  /** The failing fields of an `invalid-input` error (from `details.issues`), redacted like the text. */
  readonly issues?: readonly RemoteErrorIssue[];
}

const FALLBACK_TITLE = 'The request could not be completed.';

/**
 * Options of {@link toRemoteErrorView}.
 * @public
 */
export interface ToRemoteErrorViewOptions {
  /** Text the caller itself sent (the request path, a tool name), kept as it is where a message echoes it. */
  readonly callerSent?: readonly string[];
}

/**
 * What a remote caller may see of a Cortex-OS error: its code, kind, catalogue description, and
 * the message, description or fixed text its kind allows, with server paths, raw database text
 * and stack frames removed. The `cause`, the stack and other `details` are never in it.
 *
 * @remarks
 * Works on errors from another installed copy of the kernel too: it reads their fields, and an
 * unknown kind counts as `internal`.
 * @public
 */
export function toRemoteErrorView(error: CortexError, options: ToRemoteErrorViewOptions = {}): RemoteErrorView {
  const sent = options.callerSent ?? [];
  const kind: ErrorKind = isErrorKind(error.kind) ? error.kind : 'internal';
  const title = entryOf(error)?.description ?? FALLBACK_TITLE;
  const exposure = remoteErrorExposure[kind];
  let text: string | undefined;
  if (exposure.shows === 'fixed') text = exposure.text;
  else if (exposure.shows === 'description') text = title;
  else if (exposure.shows === 'message') text = isRawDatabaseText(error.message) ? title : redactRemoteText(error.message, sent);
  const retryAfterMs = error.retryAfterMs;
  const retryAfter =
    httpErrorTreatment[kind].retryAfter && typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0
      ? { retryAfterSeconds: Math.ceil(retryAfterMs / 1000) }
      : {};
  const issues = exposure.shows === 'message' ? issuesOf(error, sent) : undefined;
  return { code: error.code, kind, title, text, ...retryAfter, ...(issues === undefined ? {} : { issues }) };
}

/** The catalogue entry of the error's code, looked up on its own class (which may come from another kernel copy). */
function entryOf(error: CortexError): ErrorCatalogueEntry | undefined {
  const catalogue = (error.constructor as { catalogue?: Readonly<Record<string, ErrorCatalogueEntry>> } | undefined)?.catalogue;
  return catalogue !== undefined && Object.hasOwn(catalogue, error.code) ? catalogue[error.code] : undefined;
}

function issuesOf(error: CortexError, sent: readonly string[]): RemoteErrorIssue[] | undefined {
  const issues = error.details['issues'];
  if (!Array.isArray(issues) || issues.length === 0) return undefined;
  return issues.flatMap((issue: unknown) => {
    if (typeof issue !== 'object' || issue === null) return [];
    const { path, message, code, location } = issue as Record<string, unknown>;
    const said = typeof message === 'string' ? message : 'invalid';
    return [
      {
        path: typeof path === 'string' ? redactRemoteText(path, sent) : Array.isArray(path) ? path.map(String).join('.') : '',
        message: isRawDatabaseText(said) ? 'invalid' : redactRemoteText(said, sent),
        ...(typeof location === 'string' ? { location } : {}),
        ...(typeof code === 'string' ? { code } : {}),
      },
    ];
  });
}
