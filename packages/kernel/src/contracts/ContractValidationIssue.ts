import type { z } from 'zod';

/**
 * One failing field of a validation: where it is and what is wrong.
 * @public
 */
export interface ContractValidationIssue {
  /** Dotted path with array indexes, e.g. `items[2].name`; empty for the root. */
  readonly path: string;
  /** What is wrong, in zod's words. */
  readonly message: string;
  /** zod's issue code, e.g. `invalid_type`. */
  readonly code: string;
}

/**
 * Turns zod issues into paths a human can read (`items[2].name`).
 * @internal
 */
export function toValidationIssues(error: z.ZodError): ContractValidationIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message, code: issue.code }));
}

/**
 * Formats a zod issue path as dotted names with array indexes, e.g. `items[2].name`.
 * @internal
 */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/**
 * One line per issue, for error messages.
 * @internal
 */
export function describeIssues(issues: readonly ContractValidationIssue[]): string {
  return issues.map((i) => `${i.path === '' ? '(root)' : i.path}: ${i.message}`).join('; ');
}
