import { tracedCritic } from '../plan/PlanSpans.js';
import type { Critic, Critique } from './Critic.js';

/**
 * What a reviser is given to write the next answer.
 * @public
 */
export interface RevisionRequest {
  readonly goal: string;
  readonly answer: string;
  readonly critique: Critique;
  /** The round about to run, from 1. */
  readonly round: number;
}

/**
 * Options of {@link refineAnswer}.
 * @public
 */
export interface RefineOptions {
  readonly goal: string;
  /** The first answer. */
  readonly draft: string;
  readonly critic: Critic;
  /** Writes a better answer from the critique (typically a model call or an agent run). */
  readonly revise: (request: RevisionRequest) => Promise<string>;
  /** Most revisions (default 3); the draft is always critiqued. */
  readonly maxRounds?: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * What {@link refineAnswer} settled on.
 * @public
 */
export interface RefineResult {
  /** The best-scored answer (the latest among equal scores). */
  readonly answer: string;
  readonly critique: Critique;
  readonly satisfied: boolean;
  /** Revisions made. */
  readonly rounds: number;
  /** Every critique, the draft's first. */
  readonly history: readonly { readonly answer: string; readonly critique: Critique }[];
  /**
   * Why refinement stopped: the critic was satisfied; `maxRounds` revisions were spent; or a round
   * made no progress (the same answer, or the same critique, as the round before).
   */
  readonly stoppedBecause: 'satisfied' | 'max-rounds' | 'no-progress';
}

function sameCritique(a: Critique, b: Critique): boolean {
  return a.score === b.score && a.feedback.length === b.feedback.length && a.feedback.every((line, index) => line === b.feedback[index]);
}

/**
 * Critiques an answer and revises it until the critic is satisfied, `maxRounds` revisions are
 * spent, or a round makes no progress (the same answer, or the same critique, twice in a row);
 * returns the best answer seen, not merely the last (a revision can make things worse), and why it stopped.
 * @public
 */
export async function refineAnswer(options: RefineOptions): Promise<RefineResult> {
  const maxRounds = options.maxRounds ?? 3;
  const { goal, signal } = options;
  const critic = tracedCritic(options.critic, 'answer');
  let answer = options.draft;
  let critique = await critic.critique({ goal, answer, signal });
  const history = [{ answer, critique }];
  let best = history[0] as { answer: string; critique: Critique };
  let rounds = 0;
  let stoppedBecause: RefineResult['stoppedBecause'] = critique.satisfied ? 'satisfied' : 'max-rounds';
  while (!critique.satisfied && rounds < maxRounds) {
    signal?.throwIfAborted();
    rounds++;
    const previous = { answer, critique };
    answer = await options.revise({ goal, answer, critique, round: rounds });
    // The same answer would get the same critique: stop before paying for it.
    if (answer === previous.answer) {
      stoppedBecause = 'no-progress';
      break;
    }
    critique = await critic.critique({ goal, answer, signal });
    history.push({ answer, critique });
    if (critique.satisfied || critique.score >= best.critique.score) best = { answer, critique };
    if (critique.satisfied) stoppedBecause = 'satisfied';
    else if (sameCritique(critique, previous.critique)) {
      stoppedBecause = 'no-progress';
      break;
    }
  }
  return { answer: best.answer, critique: best.critique, satisfied: best.critique.satisfied, rounds, history, stoppedBecause };
}
