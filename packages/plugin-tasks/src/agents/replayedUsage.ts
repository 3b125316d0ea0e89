import { estimateTokens, type ModelTokenPrices, type RouterGenerateResult } from '@cortex-os/kernel/router';
import type { TaskStep } from '../store/TaskRecord.js';

/** A replayed reply's usage: none, since the attempt that asked the model was charged for it. */
export const noUsage = { inputTokens: 0, outputTokens: 0 } as const;

/** Tokens of one recorded model call: as the provider reported them, else estimated as the run loop estimates them. */
function usageOf(step: TaskStep): { readonly input: number; readonly output: number } {
  const reply = (step.output ?? {}) as Partial<RouterGenerateResult>;
  const request = (step.input ?? {}) as { estimatedInputTokens?: unknown };
  const estimatedInput = typeof request.estimatedInputTokens === 'number' ? request.estimatedInputTokens : 0;
  const input = reply.usage?.inputTokens ?? estimatedInput;
  const output =
    reply.usage?.outputTokens ??
    estimateTokens(typeof reply.text === 'string' ? reply.text : '') +
      (reply.toolCalls ?? []).reduce((sum, call) => sum + estimateTokens(call.name + call.arguments), 0);
  return { input, output };
}

/** The recorded (finished) model calls of a task. */
function modelCalls(steps: readonly TaskStep[]): readonly TaskStep[] {
  return steps.filter((step) => step.kind === 'model' && step.status === 'done');
}

/** The tokens earlier attempts of a task spent on model calls: every recorded (finished) model call, once. */
export function recordedModelTokens(steps: readonly TaskStep[]): number {
  return modelCalls(steps).reduce((sum, step) => {
    const { input, output } = usageOf(step);
    return sum + input + output;
  }, 0);
}

/**
 * What earlier attempts of a task spent on model calls, each at the prices its serving provider
 * declares (the recorded reply names it) — as the run loop charged it; a provider without prices
 * charged nothing.
 */
export function recordedModelCost(steps: readonly TaskStep[], prices: ReadonlyMap<string, ModelTokenPrices>): number {
  return modelCalls(steps).reduce((sum, step) => {
    const provider = (step.output as Partial<RouterGenerateResult> | null)?.provider;
    const price = typeof provider === 'string' ? prices.get(provider) : undefined;
    if (price === undefined) return sum;
    const { input, output } = usageOf(step);
    return sum + (input * price.inputPer1k + output * price.outputPer1k) / 1000;
  }, 0);
}
