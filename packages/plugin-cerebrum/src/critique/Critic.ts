/**
 * A critic's verdict on an answer: a score in [0, 1], whether it meets the goal, and what to fix.
 * @public
 */
export interface Critique {
  readonly score: number;
  readonly satisfied: boolean;
  readonly feedback: readonly string[];
}

/**
 * What a critic judges: the goal and the answer proposed for it.
 * @public
 */
export interface CritiqueRequest {
  readonly goal: string;
  readonly answer: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Scores an answer against its goal (rule-based, model-based, or a combination).
 * @public
 */
export interface Critic {
  critique(request: CritiqueRequest): Promise<Critique>;
}
