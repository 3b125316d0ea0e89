/**
 * Quality gates for Cortex-OS: reads real coverage, mutation, audit, flake, readiness and bench
 * reports against a JSON contract, ratchets committed baselines, and reports as a table, JSON and
 * SARIF 2.1.0. The `cortex-gates` bin runs it in CI.
 *
 * @packageDocumentation
 */
export { gatesErrorCatalogue, type GatesErrorCode } from './errors/gatesErrorCatalogue.js';
export { GatesError } from './errors/GatesError.js';
export { gateCatalogue, gateIds, isAtLeastAsGood, type GateId, type GateInfo, type GateReportKind } from './contract/gateCatalogue.js';
export { qualityGateContractSchema } from './contract/qualityGateContractSchema.js';
export type {
  QualityGateContract,
  QualityGateContractInput,
  QualityGateReports,
  QualityGateReportsInput,
  QualityGateRules,
  QualityGateRulesInput,
  PackageGateOverrides,
  GateSettings,
} from './contract/QualityGateContract.js';
export type {
  GateRule,
  GateRuleInput,
  MinGateRule,
  MinGateRuleInput,
  MaxGateRule,
  MaxGateRuleInput,
  FlakeGateRule,
  FlakeGateRuleInput,
  BenchGateRule,
  BenchGateRuleInput,
  PackageGateOverride,
} from './contract/GateRule.js';
export { parseQualityGateContract, loadQualityGateContract, type GatesIssue } from './contract/parseQualityGateContract.js';
export { resolveGateSettings } from './contract/resolveGateSettings.js';
export { createQualityGateJsonSchema } from './contract/createQualityGateJsonSchema.js';
export { type GateMeasurement, unknownMeasurement } from './readers/GateMeasurement.js';
export {
  parseCoverageSummary,
  readCoverageSummary,
  coverageMeasurements,
  coveragePercent,
  type CoverageSummary,
  type CoverageEntry,
  type CoverageCounts,
} from './readers/readCoverageSummary.js';
export {
  parseMutationReport,
  readMutationReport,
  mutationMeasurements,
  mutationScores,
  mutantStatuses,
  type MutantStatus,
  type MutationCounts,
  type MutationReport,
} from './readers/readMutationReport.js';
export { parseAuditReport, readAuditReport, auditMeasurements, type AuditReport, type AuditCounts } from './readers/readAuditReport.js';
export { parseFlakeReport, readFlakeReport, flakeMeasurements, type FlakeSummary } from './readers/readFlakeReport.js';
export { evalMeasurements, parseEvalReport, readEvalReport, type EvalSummary } from './readers/readEvalReport.js';
export { parseBenchLines, readBenchLines, benchMeasurements, type BenchRecord, type BenchSelector } from './readers/readBenchLines.js';
export { flakeReportSchema, type FlakeReport, type FlakeReportRun, type FlakeReportTest } from './flake/FlakeReport.js';
export { FlakeReporter, type FlakeReporterOptions, type FlakeReporterTestCase } from './flake/FlakeReporter.js';
export {
  readinessRubricSchema,
  type ReadinessRubric,
  type ReadinessRubricInput,
  type ReadinessRubricItem,
  type ReadinessRubricItemInput,
} from './rubric/ReadinessRubric.js';
export {
  runReadinessRubric,
  parseReadinessRubric,
  loadReadinessRubric,
  readinessMeasurements,
  type ReadinessResult,
  type ReadinessItemResult,
  type RunReadinessRubricOptions,
} from './rubric/runReadinessRubric.js';
export { enforceGates, formatGateValue, type GateCheckResult, type GateResult, type GateViolation } from './enforce/enforceGates.js';
export { applyRatchet, type GateBaselineChange, type GateRatchetOutcome } from './ratchet/applyRatchet.js';
export {
  gateBaselineSchema,
  baselineKey,
  readGateBaseline,
  writeGateBaseline,
  type GateBaseline,
  type GateBaselineEntry,
} from './ratchet/GateBaseline.js';
export { formatGateTable, type FormatGateTableOptions } from './output/formatGateTable.js';
export { toSarifLog, type GatesSarifLog, type ToSarifLogOptions } from './output/toSarifLog.js';
export { toGatesJsonReport, type GatesJsonReport } from './output/toGatesJsonReport.js';
export { collectGateMetrics, type CollectGateMetricsOptions, type CollectedGateMetrics } from './check/collectGateMetrics.js';
export { runGatesCheck, type RunGatesCheckOptions, type GatesCheckOutcome } from './check/runGatesCheck.js';
export { runGatesCli, gatesCliUsage, type GatesCliIo } from './cli/runGatesCli.js';
export { gatesPlugin } from './plugin/gatesPlugin.js';
export type { GatesPluginOptions, GatesPluginOptionsInput } from './plugin/GatesPluginOptions.js';
export { createGatesCheckTool, type GatesLocation } from './plugin/gatesCheckTool.js';
export {
  gatesCheckOutputSchema,
  type GatesCheckOutput,
  type GatesCheckOutputResult,
  type GatesCheckOutputViolation,
} from './plugin/GatesCheckOutput.js';
export { createGatesHealthIndicator, type CreateGatesHealthIndicatorOptions } from './plugin/createGatesHealthIndicator.js';
