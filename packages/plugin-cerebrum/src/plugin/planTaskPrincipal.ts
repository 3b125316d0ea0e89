import type { ToolCaller } from '@cortex-os/kernel';
import { currentDelegation } from '@cortex-os/plugin-agents';
import { currentTaskCall, type TasksService } from '@cortex-os/plugin-tasks';

/**
 * Whose task a `cerebrum.execute` call files, so its owner can read, answer and cancel it — and
 * whose learning examples its plans (and `cerebrum.plan`'s) recall:
 * - inside a task's tool call (an agent task whose agent calls the tool), that task's owner —
 *   the agent's name is not a principal, and the person behind the task must see the plan it ran;
 * - an agent's run outside a task, whom the run acts for (its `principal` option, which the agent
 *   tool, A2A and durable tasks set from their caller), or `host` for a run host code started without one;
 * - a caller with a principal (REST or MCP with a token, host code passing `caller.id`), that principal;
 * - host code in-process without one (`kernel.tools.call`), `host`,
 *   as `tasks.submit` files it — never `anonymous`, which every unauthenticated REST caller shares;
 * - a remote caller without a principal, `anonymous`, as the tasks routes file it.
 */
export async function planTaskPrincipal(caller: ToolCaller, tasks: Pick<TasksService, 'get'> | undefined): Promise<string> {
  const call = currentTaskCall();
  if (call !== undefined && tasks !== undefined) return (await tasks.get(call.taskId)).principal;
  if (caller.transport === 'agent') return currentDelegation()?.principal ?? 'host';
  if (caller.id !== undefined) return caller.id;
  return caller.transport === 'in-process' ? 'host' : 'anonymous';
}
