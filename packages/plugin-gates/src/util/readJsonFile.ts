import { readFile } from 'node:fs/promises';
import { GatesError } from '../errors/GatesError.js';
import type { GatesErrorCode } from '../errors/gatesErrorCatalogue.js';

/** How a JSON input file's failures are reported: the error code and the word that names the file's role. */
export interface JsonFileRole {
  readonly code: GatesErrorCode;
  /** `contract`, `baseline`, `rubric`, `report` — starts every message. */
  readonly kind: string;
}

/** Reads a file as text; `undefined` when it does not exist, a typed error when it cannot be read. */
export async function readOptionalTextFile(file: string, role: JsonFileRole): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new GatesError(role.code, `${role.kind} ${file} cannot be read: ${(cause as Error).message}`, { details: { file }, cause });
  }
}

/** `JSON.parse`, failing with the role's code and naming the file. */
export function parseJsonText(text: string, file: string, role: JsonFileRole): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new GatesError(role.code, `${role.kind} ${file} is not valid JSON: ${(cause as Error).message}`, { details: { file }, cause });
  }
}

/** Reads and parses a JSON file that must exist. */
export async function readJsonFile(file: string, role: JsonFileRole): Promise<unknown> {
  const text = await readOptionalTextFile(file, role);
  if (text === undefined)
    throw new GatesError(role.code, `${role.kind} ${file} cannot be read: the file does not exist`, { details: { file } });
  return parseJsonText(text, file, role);
}
