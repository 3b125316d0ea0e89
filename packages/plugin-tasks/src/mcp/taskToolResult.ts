import type { McpTaskToolResult } from '@cortex-os/plugin-mcp';
import type { TaskRecord, TaskStep } from '../store/TaskRecord.js';

/** The usage and text of a recorded model reply (a `RouterGenerateResult`), where it has them. */
function replyOf(step: TaskStep): { readonly text: string; readonly tokens: number } {
  const reply = (step.output ?? {}) as { text?: unknown; usage?: { inputTokens?: unknown; outputTokens?: unknown } };
  const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return {
    text: typeof reply.text === 'string' ? reply.text : '',
    tokens: count(reply.usage?.inputTokens) + count(reply.usage?.outputTokens),
  };
}

/**
 * What a finished agent task answers `tasks/result` with: the agent tool's own result shape
 * (`status`, `reason`, `output`, `text`, `steps`, `totalTokens`), rebuilt from the task and its
 * recorded model replies, so a client reads a task's result as it would the tool's.
 */
export function taskToolResult(task: TaskRecord, steps: readonly TaskStep[]): McpTaskToolResult {
  const replies = steps.filter((step) => step.kind === 'model' && step.status === 'done').map(replyOf);
  const text = replies.at(-1)?.text ?? '';
  const totalTokens = replies.reduce((sum, reply) => sum + reply.tokens, 0);
  const reason = task.state === 'completed' ? 'completed' : (task.reason ?? task.state);
  const structured = {
    status: task.state,
    reason,
    ...(task.state === 'completed' ? { output: task.output } : {}),
    text,
    steps: replies.length,
    totalTokens,
  };
  const shown = task.state === 'completed' ? (typeof task.output === 'string' ? task.output : JSON.stringify(task.output)) : reason;
  return { text: shown, structured, isError: task.state !== 'completed' };
}
