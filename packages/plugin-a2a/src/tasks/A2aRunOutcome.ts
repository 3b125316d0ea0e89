/**
 * How the agent behind an A2A task ended, as the executor maps it to the task's final state:
 * `detached` when this runtime stopped following a durable run that goes on (after a restart, or
 * in another process), so no state is published for it.
 * @public
 */
export type A2aRunOutcome =
  | { readonly status: 'completed'; readonly text: string; readonly output?: unknown }
  | { readonly status: 'cancelled' }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'input-required'; readonly reason: string }
  | { readonly status: 'detached' };

/**
 * One agent run an A2A task asks for.
 * @public
 */
export interface A2aRunRequest {
  /** How deep in a chain of A2A delegations the task's message is (its `cortexDelegationDepth`, 0 for none). */
  readonly depth: number;
  /** The A2A task's id. */
  readonly taskId: string;
  /** The A2A context: the agent's thread. */
  readonly contextId: string;
  /** The agent to run (a skill of the card). */
  readonly skill: string;
  /** The message's text. */
  readonly input: string;
  /** Who asked: the authenticated principal's id, `anonymous` otherwise (as plugin-tasks' REST API names callers). */
  readonly principal: string;
  /** Told after each model step, counted from 1. */
  readonly onStep: (step: number) => void;
}
