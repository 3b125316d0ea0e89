import { defineTool, type ToolDefinition, toolResult } from '@cortex-os/kernel';
import { z } from 'zod';
import { formatRuleFile } from '../rules/formatRuleFile.js';
import { type GenerateSloRulesOptions, generateSloRules } from '../rules/generateSloRules.js';
import type { SloDefinition } from '../slo/SloDefinition.js';

/**
 * What the `slo.rules` tool returns.
 * @public
 */
export interface SloRulesOutput {
  /** The Prometheus rule file, YAML, for `rule_files:`. */
  readonly yaml: string;
  /** The SLOs it covers. */
  readonly slos: readonly string[];
}

const outputSchema: z.ZodType<SloRulesOutput, SloRulesOutput> = z.object({ yaml: z.string(), slos: z.array(z.string()).readonly() });

/**
 * The `slo.rules` tool: the Prometheus recording and alerting rules for the runtime's SLOs.
 * @public
 */
export function createSloRulesTool(
  slos: readonly SloDefinition[],
  options: GenerateSloRulesOptions,
): ToolDefinition<z.ZodType<Record<string, never>, Record<string, never>>, z.ZodType<SloRulesOutput, SloRulesOutput>> {
  const yaml = formatRuleFile(generateSloRules(slos, options));
  const structured: SloRulesOutput = { yaml, slos: slos.map((slo) => slo.name) };
  return defineTool({
    name: 'slo.rules',
    description:
      "Prometheus recording and alerting rules (multi-window burn rates, error budget left) for this runtime's SLOs, as a YAML rule file.",
    input: z.object({}).strict() as z.ZodType<Record<string, never>, Record<string, never>>,
    output: outputSchema,
    annotations: { title: 'SLO rules', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    handler: () => toolResult({ structured, content: [{ type: 'text', text: yaml }] }),
  });
}
