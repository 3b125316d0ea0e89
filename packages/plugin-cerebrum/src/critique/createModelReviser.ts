import { estimateTokens, type PolicyRouter } from '@cortex-os/kernel/router';
import type { RefineOptions } from './refineAnswer.js';

const INSTRUCTIONS =
  'You revise answers. Rewrite the answer so that it achieves the goal and addresses every point of the critique. ' +
  'Reply with the revised answer only.';

/**
 * A reviser for `refineAnswer` that asks the policy router for the next answer from
 * the goal, the answer and the critique; it charges the tokens the model reports, or the revised
 * answer's estimate when it reports none.
 */
export function createModelReviser(provider: Pick<PolicyRouter, 'generate'>, signal?: AbortSignal): RefineOptions['revise'] {
  return async ({ goal, answer, critique }) => {
    const feedback = critique.feedback.length === 0 ? '(no details given)' : critique.feedback.map((line) => `- ${line}`).join('\n');
    const result = await provider.generate(
      [
        { role: 'system', content: INSTRUCTIONS },
        { role: 'user', content: `Goal:\n${goal}\n\nAnswer:\n${answer}\n\nCritique (score ${critique.score}):\n${feedback}` },
      ],
      signal === undefined ? {} : { signal },
    );
    const { usage } = result;
    const tokens = usage === undefined ? estimateTokens(result.text) : (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
    return { answer: result.text.trim(), tokens };
  };
}
