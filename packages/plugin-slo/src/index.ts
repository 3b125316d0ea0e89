export { SloError } from './errors/SloError.js';
export { type SloErrorCode, sloErrorCatalogue } from './errors/sloErrorCatalogue.js';
export { createSloRulesTool, type SloRulesOutput } from './plugin/createSloRulesTool.js';
export type { SloPluginOptions, SloPluginOptionsInput } from './plugin/SloPluginOptions.js';
export { sloPlugin, sloPluginOptions } from './plugin/sloPlugin.js';
export { type BurnRateWindow, burnRateWindows } from './rules/burnRateWindows.js';
export { formatRuleFile } from './rules/formatRuleFile.js';
export {
  type GenerateSloRulesOptions,
  generateSloRules,
  SLO_BUDGET_REMAINING_RECORD,
  SLO_BURN_ALERT,
  sloErrorRatioRecord,
} from './rules/generateSloRules.js';
export type { AlertingRule, PrometheusRuleFile, PrometheusRuleGroup, RecordingRule } from './rules/PrometheusRuleFile.js';
export { parseSlos, type SloProblem } from './slo/parseSlos.js';
export type {
  SliKind,
  SloDefinition,
  SloDefinitionInput,
  SloErrorObjective,
  SloHttpMethod,
  SloLatencyObjective,
  SloRouteTarget,
} from './slo/SloDefinition.js';
export { sloDefinitionSchema, sloListSchema } from './slo/sloSchema.js';
