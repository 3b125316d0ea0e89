import { defineTool, type ToolDefinition, toolResult } from '@cortex-os/kernel';
import { z } from 'zod';
import type { EnergyMeter, EnergyReport } from '../meter/EnergyMeter.js';

const reportSchema = z.object({
  source: z.enum(['rapl', 'estimate']),
  joules: z.number(),
  cpuSeconds: z.number(),
  joulesPerCpuSecond: z.number(),
  carbonGrams: z.number().optional(),
  problems: z.array(z.object({ domain: z.string(), problem: z.enum(['permission-denied', 'unreadable', 'malformed']) })).readonly(),
});

/**
 * The `energy.report` tool: the meter's figures since the runtime started, and their source.
 * @public
 */
export function createEnergyReportTool(
  meter: EnergyMeter,
): ToolDefinition<z.ZodType<Record<string, never>, Record<string, never>>, z.ZodType<EnergyReport, EnergyReport>> {
  return defineTool({
    name: 'energy.report',
    description:
      'Energy the runtime used since it started (joules, CPU-seconds, carbon when a grid intensity is set), and whether it was measured (rapl) or estimated from CPU time (estimate).',
    input: z.object({}).strict() as z.ZodType<Record<string, never>, Record<string, never>>,
    output: reportSchema as z.ZodType<EnergyReport, EnergyReport>,
    annotations: { title: 'Energy report', readOnlyHint: true, idempotentHint: false, openWorldHint: false },
    handler: async () => {
      const report = await meter.report();
      return toolResult({ structured: report, content: [{ type: 'text', text: describeReport(report) }] });
    },
  });
}

function describeReport(report: EnergyReport): string {
  const carbon = report.carbonGrams === undefined ? '' : `, ${report.carbonGrams.toFixed(3)} g CO2e`;
  return `${report.joules.toFixed(3)} J (${report.source}) over ${report.cpuSeconds.toFixed(3)} CPU-seconds${carbon}`;
}
