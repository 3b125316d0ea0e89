import type { ToolRegistry } from '@cortex-os/kernel';
import type { Critique } from '../critique/Critic.js';
import { CerebrumError } from '../errors/CerebrumError.js';
import type { Plan } from '../plan/planSchema.js';
import { learningExampleOwnerTag } from './learningExampleOwnerTag.js';

/**
 * A finished run worth learning from, and why it earned it.
 * @public
 */
export interface LearningExampleInput {
  readonly goal: string;
  /** What was done and how it ended, in a few sentences: what similar goals are matched against. */
  readonly summary: string;
  /** The run or task whose full trace stays in its store; the example holds only its id. */
  readonly source: { readonly runId?: string; readonly taskId?: string };
  /** The plan that worked, when the run was planned: adapted replay starts from it. */
  readonly plan?: Plan;
  /** A critic's satisfied verdict on the outcome… */
  readonly critique?: Critique;
  /** …or the person who marked the run as good. */
  readonly markedBy?: string;
  /**
   * Whose example it is — the owner of the run or task it came from: only plans of this principal
   * recall it. Without one, the example informs no principal's plans (see `recallFromMemoryTool`).
   */
  readonly principal?: string;
}

/**
 * Captures a run that finished well as a learning example: a memory of kind `learning-example`
 * holding the goal and summary (found by similarity) and, in its metadata, the run or task id and
 * the plan. The full trace stays where it is and is loaded by id. Stored through the runtime's
 * `memory.store` tool, so the memory plugin's validation, scope and events apply. With a
 * `principal`, the example is tagged as theirs ({@link learningExampleOwnerTag}) and informs only their plans.
 *
 * @throws {@link CerebrumError} `CEREBRUM_EXAMPLE_UNEARNED` when neither a satisfied critique nor a person vouches for the run.
 * @returns the id of the stored memory.
 * @public
 */
export async function captureLearningExample(tools: Pick<ToolRegistry, 'call'>, example: LearningExampleInput): Promise<string> {
  if (example.critique?.satisfied !== true && (example.markedBy ?? '') === '') {
    const reason =
      example.critique === undefined
        ? 'no critique and nobody marked it'
        : `the critic was not satisfied (score ${example.critique.score})`;
    throw CerebrumError.create('CEREBRUM_EXAMPLE_UNEARNED', { goal: example.goal, reason });
  }
  const result = await tools.call('memory.store', {
    memory: {
      kind: 'learning-example',
      text: `Goal: ${example.goal}\nWhat worked: ${example.summary}`,
      tags: example.principal === undefined ? ['cerebrum'] : ['cerebrum', learningExampleOwnerTag(example.principal)],
      metadata: {
        ...example.source,
        ...(example.plan === undefined ? {} : { plan: example.plan }),
        ...(example.critique === undefined ? {} : { score: example.critique.score }),
        ...(example.markedBy === undefined ? {} : { markedBy: example.markedBy }),
        ...(example.principal === undefined ? {} : { principal: example.principal }),
      },
    },
  });
  const [stored] = (result.structured as { memories: readonly { id: string }[] }).memories;
  return (stored as { id: string }).id;
}
