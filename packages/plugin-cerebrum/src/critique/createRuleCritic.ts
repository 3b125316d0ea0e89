import type { Critic, Critique, CritiqueRequest } from './Critic.js';

/**
 * One rule of a rule-based critic: returns what is wrong, or `undefined` when the answer passes.
 * @public
 */
export interface CriticRule {
  readonly name: string;
  check(request: CritiqueRequest): string | undefined;
}

/**
 * A critic that applies rules: the score is the share of rules passed; satisfied when every
 * rule passes. Feedback lists each failed rule as `name: reason`.
 * @public
 */
export function createRuleCritic(rules: readonly CriticRule[]): Critic {
  return {
    async critique(request: CritiqueRequest): Promise<Critique> {
      const feedback: string[] = [];
      for (const rule of rules) {
        const problem = rule.check(request);
        if (problem !== undefined) feedback.push(`${rule.name}: ${problem}`);
      }
      const score = rules.length === 0 ? 1 : (rules.length - feedback.length) / rules.length;
      return { score, satisfied: feedback.length === 0, feedback };
    },
  };
}
