import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';
import { GatesError } from '../errors/GatesError.js';
import { toGatesIssues } from '../contract/parseQualityGateContract.js';
import { parseJsonText, readOptionalTextFile } from '../util/readJsonFile.js';

/**
 * One gate's (and scope's) best value in a {@link GateBaseline}.
 * @public
 */
export interface GateBaselineEntry {
  /** The best value seen. */
  readonly value: number;
  /** The gate's unit. */
  readonly unit: '%' | 'count' | 'ms';
}

/**
 * A ratchet baseline.
 * @public
 */
export interface GateBaseline {
  /** Format version. */
  readonly version: 1;
  /** Best values by baseline key (see {@link baselineKey}). */
  readonly gates: Record<string, GateBaselineEntry>;
}

const schema = z.strictObject({
  version: z.literal(1),
  gates: z.record(z.string(), z.strictObject({ value: z.number(), unit: z.enum(['%', 'count', 'ms']) })),
});

// Compile-time proof that the schema and the interfaces have not drifted apart.
true satisfies SchemaFits<GateBaseline, typeof schema>;

/**
 * The format of the committed ratchet baseline: the best value seen per gate (and scope).
 * Keys are the gate id for the total (`coverage.lines`) and `gate@scope` otherwise.
 * @public
 */
export const gateBaselineSchema: z.ZodType<GateBaseline, GateBaseline> = schema;

/**
 * The baseline key of a gate in a scope.
 * @public
 */
export function baselineKey(gate: string, scope: string): string {
  return scope === 'total' ? gate : `${gate}@${scope}`;
}

/**
 * Reads a baseline file; an empty baseline when the file does not exist yet.
 *
 * @throws {@link GatesError} `GATES_BASELINE_INVALID` naming the file and the field.
 * @public
 */
export async function readGateBaseline(file: string): Promise<GateBaseline> {
  const role = { code: 'GATES_BASELINE_INVALID', kind: 'baseline' } as const;
  const text = await readOptionalTextFile(file, role);
  // No baseline yet: every gate starts from its first measurement.
  if (text === undefined) return { version: 1, gates: {} };
  const value = parseJsonText(text, file, role);
  const result = gateBaselineSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = toGatesIssues(result.error.issues);
  throw new GatesError('GATES_BASELINE_INVALID', `baseline ${file}: field ${issues[0]?.path}: ${issues[0]?.message}`, {
    details: { file, field: issues[0]?.path, issues },
  });
}

/**
 * Writes a baseline file with sorted keys (stable diffs), atomically.
 * @public
 */
export async function writeGateBaseline(file: string, baseline: GateBaseline): Promise<void> {
  const gates = Object.fromEntries(Object.entries(baseline.gates).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await mkdir(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ version: 1, gates }, null, 2)}\n`);
  await rename(tmp, file);
}
