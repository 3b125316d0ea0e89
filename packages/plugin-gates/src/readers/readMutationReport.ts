import type { GateMeasurement } from './GateMeasurement.js';
import { invalidReport, isRecord, readJsonReport } from './readJsonReport.js';
import { isInside, toProjectPath } from './projectPath.js';

/**
 * Every mutant status of the mutation-testing-report-schema.
 * @public
 */
export const mutantStatuses = [
  'Killed',
  'Survived',
  'NoCoverage',
  'Timeout',
  'CompileError',
  'RuntimeError',
  'Ignored',
  'Pending',
] as const;

/**
 * A mutant status, such as `Killed`.
 * @public
 */
export type MutantStatus = (typeof mutantStatuses)[number];

/**
 * Mutant counts by status and the scores Stryker derives from them.
 * @public
 */
export interface MutationCounts {
  /** Mutants per status. */
  readonly byStatus: Readonly<Record<MutantStatus, number>>;
  /** (killed + timeout) / (killed + timeout + survived + noCoverage) × 100; `null` when there is no valid mutant. */
  readonly score: number | null;
  /** The same over covered mutants only: (killed + timeout) / (killed + timeout + survived) × 100. */
  readonly scoreCovered: number | null;
}

/**
 * A validated Stryker `mutation.json`.
 * @public
 */
export interface MutationReport {
  /** The report file. */
  readonly source: string;
  /** All files together. */
  readonly total: MutationCounts;
  /** One entry per mutated file, with project-relative paths. */
  readonly files: readonly (MutationCounts & { readonly path: string })[];
}

function emptyByStatus(): Record<MutantStatus, number> {
  return { Killed: 0, Survived: 0, NoCoverage: 0, Timeout: 0, CompileError: 0, RuntimeError: 0, Ignored: 0, Pending: 0 };
}

/**
 * Stryker's mutation score from counts by status: errors, ignored and pending mutants are left out.
 * @public
 */
export function mutationScores(byStatus: Readonly<Record<MutantStatus, number>>): MutationCounts {
  const detected = byStatus.Killed + byStatus.Timeout;
  const valid = detected + byStatus.Survived + byStatus.NoCoverage;
  const covered = detected + byStatus.Survived;
  return {
    byStatus: { ...byStatus },
    score: valid === 0 ? null : (detected / valid) * 100,
    scoreCovered: covered === 0 ? null : (detected / covered) * 100,
  };
}

function addInto(into: Record<MutantStatus, number>, from: Readonly<Record<MutantStatus, number>>): void {
  for (const s of mutantStatuses) into[s] += from[s];
}

/**
 * Validates a parsed Stryker `mutation.json` (mutation-testing-report-schema) and computes the
 * score per file and in total as Stryker does.
 *
 * @throws {@link GatesError} `GATES_REPORT_INVALID` naming the file and field.
 * @public
 */
export function parseMutationReport(value: unknown, source: string, root: string): MutationReport {
  if (!isRecord(value)) return invalidReport(source, '(root)', 'an object', value);
  if (!isRecord(value.files)) return invalidReport(source, 'files', 'an object keyed by file path', value.files);
  const total = emptyByStatus();
  const files: (MutationCounts & { path: string })[] = [];
  for (const [path, fileResult] of Object.entries(value.files)) {
    const field = `files[${JSON.stringify(path)}]`;
    if (!isRecord(fileResult) || !Array.isArray(fileResult.mutants))
      return invalidReport(source, `${field}.mutants`, 'an array', isRecord(fileResult) ? fileResult.mutants : fileResult);
    const byStatus = emptyByStatus();
    fileResult.mutants.forEach((mutant: unknown, i: number) => {
      const status = isRecord(mutant) ? mutant.status : undefined;
      if (typeof status !== 'string' || !(mutantStatuses as readonly string[]).includes(status))
        invalidReport(source, `${field}.mutants[${i}].status`, `one of ${mutantStatuses.join(', ')}`, status);
      byStatus[status as MutantStatus] += 1;
    });
    addInto(total, byStatus);
    files.push({ path: toProjectPath(path, root), ...mutationScores(byStatus) });
  }
  return { source, total: mutationScores(total), files };
}

/**
 * Reads a Stryker `mutation.json`; `null` when the file does not exist.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE` or `GATES_REPORT_INVALID`.
 * @public
 */
export async function readMutationReport(file: string, root: string): Promise<MutationReport | null> {
  const read = await readJsonReport(file);
  return read.found ? parseMutationReport(read.value, file, root) : null;
}

function describe(c: MutationCounts): string {
  const b = c.byStatus;
  return `killed ${b.Killed}, timeout ${b.Timeout}, survived ${b.Survived}, no coverage ${b.NoCoverage}`;
}

/**
 * The mutation-score measurement in total and one per package folder in `packages`.
 * @public
 */
export function mutationMeasurements(report: MutationReport, packages: readonly string[] = []): GateMeasurement[] {
  const out: GateMeasurement[] = [
    {
      gate: 'mutation.score',
      scope: 'total',
      scopeKind: 'total',
      value: report.total.score,
      source: report.source,
      field: 'files',
      reason: report.total.score === null ? 'no valid mutant (all ignored, pending or errors)' : describe(report.total),
    },
  ];
  for (const pkg of packages) {
    const byStatus = emptyByStatus();
    const files = report.files.filter((f) => isInside(f.path, pkg));
    for (const f of files) addInto(byStatus, f.byStatus);
    const c = mutationScores(byStatus);
    out.push({
      gate: 'mutation.score',
      scope: pkg,
      scopeKind: 'package',
      value: c.score,
      source: report.source,
      field: 'files',
      reason: files.length === 0 ? `no mutated file under ${pkg}` : c.score === null ? `no valid mutant under ${pkg}` : describe(c),
    });
  }
  return out;
}
