import { estimateTokens, type RouterGenerateResult } from '@cortex-os/kernel/router';
import type { TaskStep } from '../store/TaskRecord.js';

/** A replayed reply's usage: none, since the attempt that asked the model was charged for it. */
export const noUsage = { inputTokens: 0, outputTokens: 0 } as const;

/** Tokens of one recorded model call: as the provider reported them, else estimated as the run loop estimates them. */
function tokensOf(step: TaskStep): number {
  const reply = (step.output ?? {}) as Partial<RouterGenerateResult>;
  const request = (step.input ?? {}) as { estimatedInputTokens?: unknown };
  const estimatedInput = typeof request.estimatedInputTokens === 'number' ? request.estimatedInputTokens : 0;
  const input = reply.usage?.inputTokens ?? estimatedInput;
  const output =
    reply.usage?.outputTokens ??
    estimateTokens(typeof reply.text === 'string' ? reply.text : '') +
      (reply.toolCalls ?? []).reduce((sum, call) => sum + estimateTokens(call.name + call.arguments), 0);
  return input + output;
}

/** The tokens earlier attempts of a task spent on model calls: every recorded (finished) model call, once. */
export function recordedModelTokens(steps: readonly TaskStep[]): number {
  return steps.filter((step) => step.kind === 'model' && step.status === 'done').reduce((sum, step) => sum + tokensOf(step), 0);
}
