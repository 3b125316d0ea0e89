import { GatesError } from '../errors/GatesError.js';
import { parseJsonText, readOptionalTextFile } from '../util/readJsonFile.js';

/** A report that was found and parsed, or a note that there is no file. */
export type JsonReportRead = { readonly found: true; readonly value: unknown; readonly text: string } | { readonly found: false };

const reportRole = { code: 'GATES_REPORT_UNREADABLE', kind: 'report' } as const;

/**
 * Reads a report file: a missing file is `found: false` (the gate becomes unknown), a file that
 * exists but cannot be read or parsed is an error (exit code 2 in the CLI).
 */
export async function readReportText(file: string): Promise<{ found: true; text: string } | { found: false }> {
  const text = await readOptionalTextFile(file, reportRole);
  return text === undefined ? { found: false } : { found: true, text };
}

/** `JSON.parse`, failing with `GATES_REPORT_UNREADABLE` naming the file. */
export function parseReportJson(text: string, file: string): unknown {
  return parseJsonText(text, file, reportRole);
}

/** {@link readReportText}, then {@link parseReportJson}. */
export async function readJsonReport(file: string): Promise<JsonReportRead> {
  const read = await readReportText(file);
  if (!read.found) return read;
  return { found: true, value: parseReportJson(read.text, file), text: read.text };
}

/** Throws `GATES_REPORT_INVALID` naming the file and the field. */
export function invalidReport(file: string, field: string, expected: string, got: unknown): never {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 80);
  throw new GatesError('GATES_REPORT_INVALID', `report ${file}: field ${field} should be ${expected}, got ${shown}`, {
    details: { file, field },
  });
}

/** True for a plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
