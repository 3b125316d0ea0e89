import { defineTool, type ToolCaller, type ToolDefinition } from '@cortex-os/kernel';
import { z } from 'zod';
import { AgentError } from '../errors/AgentError.js';
import type { AgentRunOptions } from '../run/AgentRunOptions.js';
import type { AgentRunResult } from '../run/AgentRunResult.js';
import { principalOfCaller } from '../run/principalOfCaller.js';
import { type Delegation, delegationStorage } from './Delegation.js';

/** Runs an agent at a depth; the agents service behind agent tools. */
export interface AgentToolRunner {
  runAt(name: string, options: AgentRunOptions, depth: number): Promise<AgentRunResult>;
}

/** What an agent tool needs of its agent: a local agent's definition, or an external agent (no step budget). */
export interface AgentToolSubject {
  readonly name: string;
  readonly description: string;
  /** The agent's step budget, as the progress total; absent for an external agent. */
  readonly budgets?: { readonly maxSteps?: number | undefined };
}

/** The registry name of an agent exposed as a tool. */
export function agentToolName(agent: string): string {
  return `agent.${agent}`;
}

const input = z.object({ input: z.string().min(1).describe('The goal or question for the agent.') });
const output = z.object({
  status: z.string(),
  reason: z.string(),
  output: z.unknown().optional(),
  text: z.string(),
  steps: z.number().int().nonnegative(),
  totalTokens: z.number().nonnegative(),
});

/**
 * Whom the called agent acts for: a called agent acts for its calling run's user, in its thread;
 * called from outside a run (MCP, REST, host code), for the caller's principal (and so its user,
 * `userIdOfPrincipal`) — never an id the caller names. An agent caller outside any run's
 * delegation names an agent, not a person: no user (a user-scoped agent then refuses to run).
 */
function runUser(parent: Delegation | undefined, caller: ToolCaller): Pick<AgentRunOptions, 'userId' | 'threadId' | 'principal'> {
  if (parent === undefined) {
    // The run derives its user from the principal.
    return caller.transport === 'agent' ? {} : { principal: principalOfCaller(caller) };
  }
  return {
    ...(parent.userId === undefined ? {} : { userId: parent.userId }),
    ...(parent.principal === undefined ? {} : { principal: parent.principal }),
    ...(parent.threadId === undefined ? {} : { threadId: parent.threadId }),
  };
}

/**
 * An agent as a registry tool, for other agents, MCP and REST callers: it runs the agent with the
 * calling run's share of the budgets and its approver, for the calling run's user (or the tool
 * caller's principal), reports a progress notification per step,
 * charges what it used to the calling run, and refuses to nest deeper than `maxDepth`.
 */
export function agentTool(agent: AgentToolSubject, runner: AgentToolRunner, maxDepth: number): ToolDefinition<z.ZodType, z.ZodType> {
  return defineTool({
    name: agentToolName(agent.name),
    description: agent.description,
    input,
    output,
    // The agent asks for approval of its own destructive calls, so calling it needs none by itself.
    annotations: { title: `Agent ${agent.name}`, readOnlyHint: false, destructiveHint: false, openWorldHint: true },
    handler: async ({ input: goal }, context) => {
      const parent = delegationStorage.getStore();
      const depth = (parent?.depth ?? 0) + 1;
      if (depth > maxDepth) {
        throw AgentError.create(
          'AGENT_DEPTH_EXCEEDED',
          { agent: agent.name, depth, maxDepth },
          { details: { agent: agent.name, depth, maxDepth } },
        );
      }
      const total = agent.budgets?.maxSteps;
      const result = await runner.runAt(
        agent.name,
        {
          input: goal,
          signal: context.signal,
          ...(parent === undefined ? {} : { budgets: parent.budgets }),
          ...(parent?.approve === undefined ? {} : { approve: parent.approve }),
          ...(parent?.localOnly === true ? { localOnly: true } : {}),
          ...runUser(parent, context.caller),
          onStep: (step) =>
            context.reportProgress({
              progress: step.index + 1,
              ...(total === undefined ? {} : { total }),
              message: `${agent.name}: step ${step.index + 1}`,
            }),
        },
        depth,
      );
      parent?.charge(result.usage.totalTokens, result.usage.cost);
      const { status, reason, text, usage } = result;
      return {
        status,
        reason,
        ...(result.output === undefined ? {} : { output: result.output }),
        text,
        steps: usage.steps,
        totalTokens: usage.totalTokens,
      };
    },
  });
}
