import { CortexError, type ToolCallResult, type ToolContent, toRemoteErrorView } from '@cortex-os/kernel';
import { AgentError } from '../errors/AgentError.js';
import type { AgentRunError } from './AgentRunStep.js';

function contentText(item: ToolContent): string {
  switch (item.type) {
    case 'text':
      return item.text;
    case 'image':
    case 'audio':
      return `[${item.type} ${item.mimeType}, ${item.data.length} base64 characters]`;
    case 'resource_link':
      return `[resource ${item.uri}${item.description === undefined ? '' : `: ${item.description}`}]`;
  }
}

/** A tool's result as the text of the `tool` message: its structured output as JSON, else its content as text. */
export function toolResultText(result: ToolCallResult): string {
  if (result.structured !== undefined) return JSON.stringify(result.structured);
  return result.content.map(contentText).join('\n');
}

/**
 * An error as the model (and the run's record) sees it. The model's own mistakes — a call it
 * made wrong — are shown in full, since they only quote what it sent; anything else is shown as
 * a remote caller would see it (`toRemoteErrorView`), since the model may be remote.
 */
export function runErrorOf(thrown: unknown, tool: string, ownMistake = false): AgentRunError {
  const error = CortexError.is(thrown) ? thrown : AgentError.create('AGENT_TOOL_FAILED', { tool }, { cause: thrown });
  if (ownMistake) return { code: error.code, message: error.message };
  const view = toRemoteErrorView(error);
  return { code: error.code, message: view.text ?? view.title };
}

/** The `tool` message content reporting an error. */
export function errorText(error: AgentRunError): string {
  return JSON.stringify({ error });
}
