import { estimateTokens } from '@cortex-os/kernel/router';
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
  /**
   * Writes a better answer from the critique (typically a model call or an agent run); return
   * `{ answer, tokens }` to charge what the revision really spent against `maxTokens`.
   */
  readonly revise: (request: RevisionRequest) => Promise<string | { readonly answer: string; readonly tokens: number }>;
  /** Most revisions (default 3); the draft is always critiqued. */
  readonly maxRounds?: number;
  /**
   * Most tokens the revisions may spend: no round starts once they are spent. A revision that
   * returns only its answer is charged the answer's estimated tokens (`estimateTokens`).
   */
  readonly maxTokens?: number;
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
  /** Tokens the revisions spent (reported, or estimated from their answers). */
  readonly tokens: number;
  /** Every critique, the draft's first. */
  readonly history: readonly { readonly answer: string; readonly critique: Critique }[];
  /**
   * Why refinement stopped: the critic was satisfied; `maxRounds` revisions were spent; or a round
   * made no progress (the same answer, or the same critique, as the round before); or the
   * revisions spent `maxTokens`.
   */
  readonly stoppedBecause: 'satisfied' | 'max-rounds' | 'no-progress' | 'budget';
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
  return refine(options, 'answer');
}

/** The refinement loop; `of` names what is refined in the critique spans (`refinePlan` refines plans). */
export async function refine(options: RefineOptions, of: 'answer' | 'plan'): Promise<RefineResult> {
  const maxRounds = options.maxRounds ?? 3;
  const { goal, signal } = options;
  const critic = tracedCritic(options.critic, of);
  let answer = options.draft;
  let critique = await critic.critique({ goal, answer, signal });
  const history = [{ answer, critique }];
  let best = history[0] as { answer: string; critique: Critique };
  let rounds = 0;
  let stoppedBecause: RefineResult['stoppedBecause'] = critique.satisfied ? 'satisfied' : 'max-rounds';
  let tokens = 0;
  while (!critique.satisfied && rounds < maxRounds) {
    signal?.throwIfAborted();
    if (options.maxTokens !== undefined && tokens >= options.maxTokens) {
      stoppedBecause = 'budget';
      break;
    }
    rounds++;
    const previous = { answer, critique };
    const revision = await options.revise({ goal, answer, critique, round: rounds });
    answer = typeof revision === 'string' ? revision : revision.answer;
    tokens += typeof revision === 'string' ? estimateTokens(revision) : revision.tokens;
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
  return { answer: best.answer, critique: best.critique, satisfied: best.critique.satisfied, rounds, tokens, history, stoppedBecause };
}
