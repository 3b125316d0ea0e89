import { CortexError } from './CortexError.js';
import { type ErrorKind, isErrorKind } from './ErrorKind.js';

/**
 * One code of an error catalogue: what kind of failure it is, the message it is thrown with
 * (a template whose `{slot}`s name the offending thing), what it means and how to solve it.
 * @public
 */
export interface ErrorCatalogueEntry {
  /** The failure's kind, which fixes its HTTP status and MCP treatment. */
  readonly kind: ErrorKind;
  /** Message template; `{name}` slots are filled by `XError.create(code, { name })`. */
  readonly message: string;
  /** What the code means, in one or two sentences; also what remote callers see of server-side failures. */
  readonly description: string;
  /** How to solve it. */
  readonly solution: string;
}

/**
 * A package's error catalogue as {@link defineErrorCatalogue} returns it: a frozen record of
 * entries keyed by code.
 * @public
 */
export type ErrorCatalogue<Entries extends Readonly<Record<string, ErrorCatalogueEntry>> = Readonly<Record<string, ErrorCatalogueEntry>>> =
  Readonly<Entries>;

/**
 * The prefix and code areas a catalogue was defined with.
 * @public
 */
export interface ErrorCatalogueInfo {
  /** The catalogue's prefix (`GATES`), unique across the packages of a runtime. */
  readonly prefix: string;
  /** Every area its codes may start with: the prefix and any areas declared with it. */
  readonly areas: readonly string[];
}

/**
 * Options of {@link defineErrorCatalogue}.
 * @public
 */
export interface DefineErrorCatalogueOptions {
  /**
   * Further `AREA`s the codes may start with besides the prefix: the kernel's codes are named
   * after the part that raises them (`TOOL_UNKNOWN`, `PLUGIN_HOOK_FAILED`). No other catalogue
   * may use these areas.
   */
  readonly areas?: readonly string[];
}

const infoKey = Symbol.for('cortex-os.errorCatalogue');
const AREA = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
const CODE = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/;
const SLOT = /\{([^{}]*)\}/g;
const SLOT_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Defines a package's error catalogue: one entry per code, each with its {@link ErrorKind}, a
 * message template, a description and a solution. Codes are `AREA_WHAT`, where `AREA` is the
 * prefix (or one of `options.areas`); they are stable once released and never reused.
 *
 * @remarks
 * Give the package's error class the catalogue as its static `catalogue`, so every error it
 * builds carries its entry's `kind`, and `XError.create(code, params)` fills the template.
 * @throws {@link CortexError} `ERROR_CATALOGUE_INVALID` naming every bad prefix, code, kind or template at once.
 * @example
 * ```ts
 * export const gatesErrorCatalogue = defineErrorCatalogue('GATES', {
 *   GATES_CLI_USAGE: {
 *     kind: 'invalid-input',
 *     message: 'Unknown option "{option}".',
 *     description: 'The command line asked for an unknown command or option.',
 *     solution: 'Run `cortex-gates --help`.',
 *   },
 * });
 * export class GatesError extends CortexError<keyof typeof gatesErrorCatalogue> {
 *   static override readonly catalogue = gatesErrorCatalogue;
 * }
 * throw GatesError.create('GATES_CLI_USAGE', { option: '--fast' });
 * ```
 * @public
 */
export function defineErrorCatalogue<const Entries extends Readonly<Record<string, ErrorCatalogueEntry>>>(
  prefix: string,
  entries: Entries,
  options: DefineErrorCatalogueOptions = {},
): ErrorCatalogue<Entries> {
  const areas = [prefix, ...(options.areas ?? [])];
  const problems = [
    ...areas.filter((area) => !AREA.test(area)).map((area) => `area "${area}" is not upper-case words joined by "_"`),
    ...Object.entries(entries).flatMap(([code, entry]) => entryProblems(code, entry, areas)),
  ];
  if (problems.length > 0) {
    throw new CortexError('ERROR_CATALOGUE_INVALID', `Error catalogue "${prefix}" is invalid:\n  - ${problems.join('\n  - ')}`, {
      details: { prefix, problems },
    });
  }
  const catalogue = Object.fromEntries(Object.entries(entries).map(([code, entry]) => [code, Object.freeze({ ...entry })]));
  Object.defineProperty(catalogue, infoKey, { value: Object.freeze({ prefix, areas: Object.freeze(areas) }) });
  Object.freeze(catalogue);
  return catalogue as ErrorCatalogue<Entries>;
}

function entryProblems(code: string, entry: ErrorCatalogueEntry, areas: readonly string[]): string[] {
  const problems: string[] = [];
  if (!CODE.test(code)) problems.push(`code "${code}" is not AREA_WHAT (upper-case words joined by "_")`);
  else if (!areas.some((area) => code.startsWith(`${area}_`)))
    problems.push(`code "${code}" does not start with ${areas.map((a) => `${a}_`).join(' or ')}`);
  if (!isErrorKind(entry.kind)) problems.push(`${code}: kind "${String(entry.kind)}" is not an ErrorKind`);
  for (const field of ['message', 'description', 'solution'] as const) {
    if (typeof entry[field] !== 'string' || entry[field].trim() === '') problems.push(`${code}: ${field} is empty`);
  }
  for (const [, slot] of String(entry.message).matchAll(SLOT)) {
    if (!SLOT_NAME.test(slot ?? '')) problems.push(`${code}: message slot "{${slot}}" is not a name of letters and digits`);
  }
  return problems;
}

/**
 * The prefix and areas of a catalogue built by {@link defineErrorCatalogue}; undefined for any other object.
 * @public
 */
export function errorCatalogueInfo(catalogue: object): ErrorCatalogueInfo | undefined {
  return (catalogue as { [infoKey]?: ErrorCatalogueInfo })[infoKey];
}
