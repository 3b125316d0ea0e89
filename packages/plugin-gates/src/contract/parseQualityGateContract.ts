import type { z } from 'zod';
import { GatesError } from '../errors/GatesError.js';
import { readJsonFile } from '../util/readJsonFile.js';
import type { QualityGateContract } from './QualityGateContract.js';
import { qualityGateContractSchema } from './qualityGateContractSchema.js';

/**
 * One schema problem, with the dotted path of the field at fault.
 * @public
 */
export interface GatesIssue {
  /** Dotted path of the field, e.g. `gates.coverage.lines.min`. */
  readonly path: string;
  /** What is wrong. */
  readonly message: string;
}

/** Turns zod issues into `{ path, message }` with dotted paths (`gates.coverage.lines.min`). */
export function toGatesIssues(issues: readonly z.core.$ZodIssue[]): GatesIssue[] {
  return issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    // zod wraps a bad record key; its own rule says what a key must look like.
    message: issue.code === 'invalid_key' && issue.issues[0] !== undefined ? `invalid key: ${issue.issues[0].message}` : issue.message,
  }));
}

/**
 * Validates a parsed contract and fills in defaults.
 *
 * @param file - where the value came from, named in errors.
 * @throws {@link GatesError} `GATES_CONTRACT_INVALID` listing every bad field at once.
 * @public
 */
export function parseQualityGateContract(value: unknown, file = '(inline contract)'): QualityGateContract {
  const result = qualityGateContractSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = toGatesIssues(result.error.issues);
  const first = issues[0];
  throw new GatesError(
    'GATES_CONTRACT_INVALID',
    `contract ${file} is invalid:\n${issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n')}`,
    { details: { file, field: first?.path, issues } },
  );
}

/**
 * Reads, parses and validates a contract file.
 *
 * @throws {@link GatesError} `GATES_CONTRACT_UNREADABLE` when the file is missing or not JSON,
 * `GATES_CONTRACT_INVALID` when it does not match the schema.
 * @public
 */
export async function loadQualityGateContract(file: string): Promise<QualityGateContract> {
  const value = await readJsonFile(file, { code: 'GATES_CONTRACT_UNREADABLE', kind: 'contract' });
  return parseQualityGateContract(value, file);
}
