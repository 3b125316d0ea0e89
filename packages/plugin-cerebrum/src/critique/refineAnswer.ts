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
}

/**
 * Critiques an answer and revises it until the critic is satisfied or `maxRounds` revisions are
 * spent; returns the best answer seen, not merely the last (a revision can make things worse).
 * @public
 */
export async function refineAnswer(options: RefineOptions): Promise<RefineResult> {
  const maxRounds = options.maxRounds ?? 3;
  const { goal, critic, signal } = options;
  let answer = options.draft;
  let critique = await critic.critique({ goal, answer, signal });
  const history = [{ answer, critique }];
  let best = history[0] as { answer: string; critique: Critique };
  let rounds = 0;
  while (!critique.satisfied && rounds < maxRounds) {
    signal?.throwIfAborted();
    rounds++;
    answer = await options.revise({ goal, answer, critique, round: rounds });
    critique = await critic.critique({ goal, answer, signal });
    history.push({ answer, critique });
    if (critique.satisfied || critique.score >= best.critique.score) best = { answer, critique };
  }
  return { answer: best.answer, critique: best.critique, satisfied: best.critique.satisfied, rounds, history };
}
