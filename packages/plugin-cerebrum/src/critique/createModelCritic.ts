import type { ModelProvider } from '@cortex-os/kernel/router';
import { z } from 'zod';
import { CerebrumError } from '../errors/CerebrumError.js';
import type { Critic, Critique, CritiqueRequest } from './Critic.js';

/**
 * Options of {@link createModelCritic}.
 * @public
 */
export interface ModelCriticOptions {
  /** The model provider asked for the verdict (through the kernel's provider contract), or anything that generates as one does (the policy router). */
  readonly provider: Pick<ModelProvider, 'name' | 'generate'>;
  /** Least score that satisfies the critic (default 0.8). */
  readonly threshold?: number;
  /** Extra judging criteria appended to the instructions. */
  readonly criteria?: string;
}

const verdictSchema = z.object({ score: z.number().min(0).max(1), feedback: z.array(z.string()).default([]) });

const INSTRUCTIONS =
  'You are a strict critic. Judge whether the answer achieves the goal. Reply with JSON only: ' +
  '{"score": <number from 0 to 1>, "feedback": [<what to fix>, ...]}.';

/** The verdict from the reply: the JSON object in it, fenced or bare. */
function parseVerdict(text: string): z.output<typeof verdictSchema> | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end < start) return undefined;
  try {
    const parsed = verdictSchema.safeParse(JSON.parse(text.slice(start, end + 1)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A critic that asks a model for a JSON verdict `{ score, feedback }`; satisfied when the score
 * reaches `threshold`.
 *
 * @throws {@link CerebrumError} `CEREBRUM_CRITIQUE_UNREADABLE` when the model's reply holds no valid verdict.
 * @public
 */
export function createModelCritic(options: ModelCriticOptions): Critic {
  const threshold = options.threshold ?? 0.8;
  const generate = options.provider.generate?.bind(options.provider);
  return {
    async critique(request: CritiqueRequest): Promise<Critique> {
      if (generate === undefined) {
        throw CerebrumError.create('CEREBRUM_CRITIQUE_UNREADABLE', { provider: options.provider.name, reason: 'it cannot generate' });
      }
      const system = options.criteria === undefined ? INSTRUCTIONS : `${INSTRUCTIONS}\nCriteria: ${options.criteria}`;
      const result = await generate(
        [
          { role: 'system', content: system },
          { role: 'user', content: `Goal:\n${request.goal}\n\nAnswer:\n${request.answer}` },
        ],
        request.signal === undefined ? {} : { signal: request.signal },
      );
      const verdict = parseVerdict(result.text);
      if (verdict === undefined) {
        throw CerebrumError.create(
          'CEREBRUM_CRITIQUE_UNREADABLE',
          { provider: options.provider.name, reason: 'its reply holds no JSON {score, feedback}' },
          { details: { reply: result.text.slice(0, 200) } },
        );
      }
      return { score: verdict.score, satisfied: verdict.score >= threshold, feedback: verdict.feedback };
    },
  };
}
