import { defineTool, type ToolContext, type ToolDefinition, type ToolResult, toolResult } from '@cortex-os/kernel';
import { applyToolOutputBudget } from '@cortex-os/kernel/router';
import type { z } from 'zod';
import { runSearch, type SearchOutcome } from '../search/runSearch.js';
import type { SearchPatternResult } from '../search/SearchCollector.js';
import { fitToOutputBudget } from './fitToOutputBudget.js';
import {
  type MultiSearchToolInput,
  type MultiSearchToolOutput,
  multiSearchToolInputSchema,
  multiSearchToolOutputSchema,
  type SearchToolCommonInput,
  type SearchToolInput,
  type SearchToolOutput,
  searchToolInputSchema,
  searchToolOutputSchema,
} from './searchToolSchemas.js';
import { type ToolkitRuntime, toSearchQuery } from './ToolkitRuntime.js';
import { ToolkitToolGuard } from './ToolkitToolGuard.js';

// Room left in the budget for the text summary beside the structured output.
const SUMMARY_TOKENS = 64;
const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const;

/** One line a person (or a model reading text) can take in. */
function summary(engine: string, results: readonly SearchPatternResult[]): string {
  return results
    .map((result) => {
      const files = new Set(result.matches.map((match) => match.path)).size;
      return `${JSON.stringify(result.pattern)}: ${result.matches.length}${result.truncated ? '+' : ''} matches in ${files} files`;
    })
    .concat(`(engine: ${engine})`)
    .join('\n');
}

/**
 * A guarded search handler: runs the patterns under the tool's breaker and time limit, fits the
 * results to the output budget, and shapes them with `shape`.
 */
function searchHandler<I extends SearchToolCommonInput, O extends object>(
  runtime: ToolkitRuntime,
  tool: string,
  patternsOf: (input: I) => readonly string[],
  shape: (outcome: SearchOutcome, results: SearchPatternResult[]) => O,
): (input: I, context: ToolContext) => Promise<ToolResult<O>> {
  const guard = new ToolkitToolGuard(tool, runtime.limits);
  return (input, context) =>
    guard.run(context.signal, async (signal) => {
      const outcome = await runSearch(runtime.search, toSearchQuery(runtime, patternsOf(input), input), signal);
      const results = fitToOutputBudget(outcome.results, runtime.maxOutputTokens - SUMMARY_TOKENS);
      const built = { structured: shape(outcome, results), content: [{ type: 'text' as const, text: summary(outcome.engine, results) }] };
      return toolResult(applyToolOutputBudget(tool, built, { maxTokens: runtime.maxOutputTokens }).output);
    });
}

/**
 * The `toolkit.search` tool: one pattern in the toolkit's dialect over a workspace root.
 * @public
 */
export function createSearchTool(
  runtime: ToolkitRuntime,
): ToolDefinition<z.ZodType<SearchToolInput, SearchToolInput>, z.ZodType<SearchToolOutput, SearchToolOutput>> {
  return defineTool({
    name: 'toolkit.search',
    description:
      'Searches the files of a workspace root for a regular expression (or plain text) line by line, honouring .gitignore; returns matching lines with context. Paths are relative to the root.',
    input: searchToolInputSchema,
    output: searchToolOutputSchema,
    annotations: { title: 'Search the code base', ...readOnly },
    handler: searchHandler<SearchToolInput, SearchToolOutput>(
      runtime,
      'toolkit.search',
      (input) => [input.pattern],
      (outcome, [result]) => ({ engine: outcome.engine, root: outcome.root, ...(result as SearchPatternResult) }),
    ),
  });
}

/**
 * The `toolkit.multi_search` tool: several patterns in one pass over the files, results grouped by pattern.
 * @public
 */
export function createMultiSearchTool(
  runtime: ToolkitRuntime,
): ToolDefinition<z.ZodType<MultiSearchToolInput, MultiSearchToolInput>, z.ZodType<MultiSearchToolOutput, MultiSearchToolOutput>> {
  return defineTool({
    name: 'toolkit.multi_search',
    description:
      'Searches the files of a workspace root for several patterns in one pass (1–20), honouring .gitignore; returns matching lines grouped by pattern.',
    input: multiSearchToolInputSchema,
    output: multiSearchToolOutputSchema,
    annotations: { title: 'Search the code base for several patterns', ...readOnly },
    handler: searchHandler<MultiSearchToolInput, MultiSearchToolOutput>(
      runtime,
      'toolkit.multi_search',
      (input) => input.patterns,
      (outcome, results) => ({ engine: outcome.engine, root: outcome.root, results }),
    ),
  });
}
