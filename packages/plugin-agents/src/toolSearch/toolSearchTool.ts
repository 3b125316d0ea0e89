import type { ModelToolDefinition } from '@cortex-os/kernel/router';

/** The meta-tool's name; it is answered by the run loop, never by the registry. */
export const TOOL_SEARCH_NAME = 'tools.search';

/** The meta-tool offered instead of every schema when an agent allows more tools than its threshold. */
export const toolSearchModelTool: ModelToolDefinition = Object.freeze({
  name: TOOL_SEARCH_NAME,
  description:
    'Finds the tools for a task among the many you may use, by what they do. The tools found can be called from your next reply on.',
  inputSchema: Object.freeze({
    type: 'object',
    properties: {
      query: { type: 'string', description: 'What the tool should do, in a few words.' },
      limit: { type: 'integer', minimum: 1, maximum: 20, description: 'Most tools to return.' },
    },
    required: ['query'],
    additionalProperties: false,
  }),
});

/** The meta-tool's arguments, or why they are unusable. */
export function parseToolSearchArguments(text: string): { readonly query: string; readonly limit?: number } | string {
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return 'its arguments are not valid JSON';
  }
  const { query, limit } = (typeof value === 'object' && value !== null ? value : {}) as { query?: unknown; limit?: unknown };
  if (typeof query !== 'string' || query.trim() === '') return 'query: a non-empty string is required';
  if (limit !== undefined && !(Number.isInteger(limit) && (limit as number) >= 1 && (limit as number) <= 20))
    return 'limit: a whole number from 1 to 20 is expected';
  return limit === undefined ? { query } : { query, limit: limit as number };
}
