import { join, resolve } from 'node:path';
import type { GateReportKind } from '../contract/gateCatalogue.js';
import { gateCatalogue, gateIds } from '../contract/gateCatalogue.js';
import type { QualityGateContract } from '../contract/QualityGateContract.js';
import type { GateMeasurement } from '../readers/GateMeasurement.js';
import { unknownMeasurement } from '../readers/GateMeasurement.js';
import { auditMeasurements, readAuditReport } from '../readers/readAuditReport.js';
import { benchMeasurements, readBenchLines } from '../readers/readBenchLines.js';
import { coverageMeasurements, readCoverageSummary } from '../readers/readCoverageSummary.js';
import { evalMeasurements, readEvalReport } from '../readers/readEvalReport.js';
import { flakeMeasurements, readFlakeReport } from '../readers/readFlakeReport.js';
import { mutationMeasurements, readMutationReport } from '../readers/readMutationReport.js';
import { loadReadinessRubric, readinessMeasurements, runReadinessRubric, type ReadinessResult } from '../rubric/runReadinessRubric.js';

/**
 * Options of {@link collectGateMetrics}.
 * @public
 */
export interface CollectGateMetricsOptions {
  /** Project root: rubric and baseline paths are relative to it, rubric commands run in it. */
  readonly root: string;
  /** Folder the contract's `reports` paths are relative to. */
  readonly reportsDir: string;
  /** Aborts rubric commands. */
  readonly signal?: AbortSignal;
}

/**
 * The measurements of one collection, and the rubric run when there was one.
 * @public
 */
export interface CollectedGateMetrics {
  /** Every measurement, unknown ones included. */
  readonly metrics: readonly GateMeasurement[];
  /** The rubric run, when the contract has an `ops.readiness` gate. */
  readonly readiness?: ReadinessResult;
}

/**
 * Reads every report the contract's gates need (and runs the readiness rubric), turning each into
 * measurements. A missing report gives unknown measurements; an unreadable one throws.
 *
 * @throws {@link GatesError} `GATES_REPORT_UNREADABLE`, `GATES_REPORT_INVALID` or `GATES_RUBRIC_INVALID`.
 * @public
 */
export async function collectGateMetrics(contract: QualityGateContract, options: CollectGateMetricsOptions): Promise<CollectedGateMetrics> {
  const root = resolve(options.root);
  const reportsDir = resolve(root, options.reportsDir);
  const packages = Object.keys(contract.packages);
  const needed = new Set<GateReportKind>(
    gateIds
      .filter(
        (g) =>
          contract.gates[g] !== undefined ||
          packages.some((p) => (contract.packages[p] as Record<string, unknown> | undefined)?.[g] !== undefined),
      )
      .map((g) => gateCatalogue[g].report),
  );
  const metrics: GateMeasurement[] = [];
  const missing = (kind: GateReportKind, file: string): void => {
    for (const g of gateIds.filter((id) => gateCatalogue[id].report === kind))
      metrics.push(unknownMeasurement(g, file, `report ${file} not found`));
  };
  let readiness: ReadinessResult | undefined;

  if (needed.has('coverage')) {
    const file = join(reportsDir, contract.reports.coverage);
    const summary = await readCoverageSummary(file, root);
    if (summary === null) missing('coverage', file);
    else metrics.push(...coverageMeasurements(summary, packages));
  }
  if (needed.has('mutation')) {
    const file = join(reportsDir, contract.reports.mutation);
    const report = await readMutationReport(file, root);
    if (report === null) missing('mutation', file);
    else metrics.push(...mutationMeasurements(report, packages));
  }
  if (needed.has('audit')) {
    const file = join(reportsDir, contract.reports.audit);
    const report = await readAuditReport(file);
    if (report === null) missing('audit', file);
    else metrics.push(...auditMeasurements(report));
  }
  if (needed.has('flake')) {
    const file = join(reportsDir, contract.reports.flake);
    const summary = await readFlakeReport(file);
    if (summary === null) missing('flake', file);
    else metrics.push(...flakeMeasurements(summary, contract.gates['flake.rate']?.minRuns ?? 1));
  }
  if (needed.has('bench')) {
    const file = join(reportsDir, contract.reports.bench);
    const records = await readBenchLines(file);
    for (const gate of ['latency.p95', 'error.rate'] as const) {
      const config = contract.gates[gate];
      if (config === undefined) continue;
      if (records === null) metrics.push(unknownMeasurement(gate, file, `report ${file} not found`));
      else metrics.push(...benchMeasurements(gate, records, { metric: config.metric, bench: config.bench, case: config.case }, file));
    }
  }
  if (needed.has('eval')) {
    const file = join(reportsDir, contract.reports.eval);
    const summary = await readEvalReport(file);
    if (summary === null) missing('eval', file);
    else metrics.push(...evalMeasurements(summary));
  }
  if (needed.has('rubric')) {
    if (contract.rubric === undefined) {
      metrics.push(unknownMeasurement('ops.readiness', '(none)', 'the contract names no rubric file'));
    } else {
      const file = resolve(root, contract.rubric);
      const rubric = await loadReadinessRubric(file);
      readiness = await runReadinessRubric(rubric, {
        cwd: root,
        source: file,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      metrics.push(...readinessMeasurements(readiness));
    }
  }
  return readiness === undefined ? { metrics } : { metrics, readiness };
}
