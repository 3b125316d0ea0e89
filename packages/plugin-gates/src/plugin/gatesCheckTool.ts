import { defineTool, toolResult, type ToolDefinition } from '@cortex-os/kernel';
import { z } from 'zod';
import { runGatesCheck } from '../check/runGatesCheck.js';
import { formatGateTable } from '../output/formatGateTable.js';
import { gatesCheckOutputSchema, type GatesCheckOutput } from './GatesCheckOutput.js';

/**
 * Where the gates plugin finds its contract and reports; fixed by the host, never by a tool caller.
 * @public
 */
export interface GatesLocation {
  /** Contract file, relative to `root`. */
  readonly contract: string;
  /** Reports folder, relative to `root`. */
  readonly reportsDir: string;
  /** Project root. */
  readonly root: string;
}

/**
 * The `gates_check` tool: runs the quality gates on the reports already on disk and returns the
 * verdict and the table. It takes no input: callers (an MCP client, say) can never point it at
 * another contract, rubric or file, and it never writes the baseline.
 * @public
 */
export function createGatesCheckTool(
  location: GatesLocation,
): ToolDefinition<z.ZodObject<Record<string, never>>, z.ZodType<GatesCheckOutput, GatesCheckOutput>> {
  return defineTool({
    name: 'gates_check',
    description:
      'Checks the quality gates (coverage, mutation, audit, flake, readiness, latency) against the project contract and returns every violation.',
    input: z.object({}),
    output: gatesCheckOutputSchema,
    annotations: { title: 'Check quality gates', readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    async handler(_input, ctx) {
      const outcome = await runGatesCheck({ ...location, signal: ctx.signal });
      const { check } = outcome;
      return toolResult({
        structured: { passed: check.passed, results: [...check.results], violations: [...check.violations] },
        content: [{ type: 'text', text: formatGateTable(check) }],
      });
    },
  });
}
