import type { AgentsService } from '@cortex-os/plugin-agents';
import { a2aRunIdentity } from './a2aRunIdentity.js';
import type { TaskRunner, TaskRunnerOutcome } from '@cortex-os/plugin-tasks';
import { z } from 'zod';
import { runAtA2aDepth } from '../delegation/a2aDelegationDepth.js';
import { RunnerAgentJournal } from './RunnerAgentJournal.js';

/**
 * The name of the plugin-tasks tasks that run an A2A task's agent (their `agent` field).
 * @public
 */
export const a2aAgentTaskRunnerName = 'a2a.agent';

/**
 * The stored input of an `a2a.agent` task: the goal, the agent (the card's skill) and the A2A
 * context, which is the agent's thread.
 * @public
 */
export interface A2aAgentTaskInput {
  readonly input: string;
  readonly skill: string;
  readonly contextId: string;
  /** How deep in a chain of A2A delegations the A2A task's message was (0 when absent). */
  readonly depth?: number;
}

/**
 * The output of a completed `a2a.agent` task: the answer's text and, for an agent with an output
 * schema, its structured output.
 * @public
 */
export interface A2aAgentTaskOutput {
  readonly text: string;
  readonly output?: unknown;
}

const inputSchema = z.object({
  input: z.string().min(1),
  skill: z.string().min(1),
  contextId: z.string().min(1),
  depth: z.int().nonnegative().default(0),
});

/**
 * The task runner of A2A tasks (`a2a.agent`): runs the task's agent in the A2A context's thread (the sender's own),
 * every model reply and tool result checkpointed in the task ({@link RunnerAgentJournal}), so a
 * task resumed by any process after a crash or a stop replays what finished and goes on from there.
 *
 * @remarks
 * A run the worker stopped (its signal aborted) throws, so the worker puts the task back in the
 * queue; a non-idempotent tool call in doubt after a crash leaves the task in `input-required`.
 * Any other end that is not `completed` fails the task with the run's status and reason.
 * @public
 */
export function createA2aAgentTaskRunner(agents: AgentsService): TaskRunner {
  return {
    name: a2aAgentTaskRunnerName,
    async run(task, context): Promise<TaskRunnerOutcome> {
      const parsed = inputSchema.safeParse(task.input);
      if (!parsed.success) return { state: 'failed', reason: 'the task input is not { input, skill, contextId }' };
      const { input, skill, contextId, depth } = parsed.data;
      const stop = new AbortController();
      const signal = AbortSignal.any([context.signal, stop.signal]);
      const journal = new RunnerAgentJournal(context, stop);
      const result = await runAtA2aDepth(depth, () =>
        agents.run(skill, {
          input,
          runId: task.id,
          ...a2aRunIdentity(task.principal, contextId),
          signal,
          journal,
        }),
      );
      if (journal.waiting.length > 0) return { state: 'input-required', reason: journal.waiting.join('; ') };
      // Stopped by the worker: the task goes back to the queue with its checkpoints, not to an end.
      if (context.signal.aborted) throw context.signal.reason;
      if (result.status === 'completed') {
        const output: A2aAgentTaskOutput =
          result.output === undefined ? { text: result.text } : { text: result.text, output: result.output };
        return { state: 'completed', output };
      }
      return { state: 'failed', reason: `The run ended: ${result.status} (${result.reason}).` };
    },
  };
}
