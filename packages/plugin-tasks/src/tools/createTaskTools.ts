import { defineTool, type ToolCaller, type ToolDefinition } from '@cortex-os/kernel';
import { principalOfCaller } from '@cortex-os/plugin-agents';
import { z } from 'zod';
import type { TasksService } from '../service/TasksService.js';
import { taskScopeOf } from './taskCallerPrincipal.js';
import { taskAnswerSchema, taskIdSchema, taskListSchema, taskSubmitSchema } from './taskWireSchemas.js';

/**
 * The names of the task tools, in the order {@link createTaskTools} returns them.
 * @public
 */
export const taskToolNames = ['tasks.submit', 'tasks.get', 'tasks.list', 'tasks.cancel', 'tasks.answer', 'tasks.steps'] as const;

/**
 * The task tools over a {@link TasksService}, for in-process, REST and MCP callers: a caller
 * with a principal (REST, MCP, an agent) sees only its own tasks, unless its scopes (see
 * the kernel's `ToolCaller.scopes`) include the admin scope — `adminScope`, or else the service's
 * ({@link TasksService.scopeOf}) — then it lists, reads, answers and cancels
 * every principal's tasks (what it submits is still its own). Host code calling in-process
 * without a principal sees all.
 * @public
 */
export function createTaskTools(service: TasksService, adminScope?: string): readonly ToolDefinition<z.ZodType, z.ZodType>[] {
  // Without an admin scope of their own, the tools follow the service's rule (the tasks plugin's `rest.adminScope`).
  const principalOf = (caller: ToolCaller): string | undefined =>
    adminScope === undefined ? service.scopeOf(caller) : taskScopeOf(caller, adminScope);
  const byId = z.strictObject({ id: taskIdSchema });
  const tools = [
    defineTool({
      name: 'tasks.submit',
      description: 'Queues an agent run as a durable task (`agent`: the agent name, `input`: the goal); answers the task, `submitted`.',
      input: taskSubmitSchema,
      annotations: { title: 'Submit a task', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      handler: (input, ctx) => service.submit({ ...input, principal: principalOfCaller(ctx.caller) }),
    }),
    defineTool({
      name: 'tasks.get',
      description: 'Reads a task: its state, output or reason, and the calls waiting for a person (`pending`).',
      input: byId,
      annotations: { title: 'Read a task', readOnlyHint: true, openWorldHint: false },
      handler: ({ id }, ctx) => service.get(id, principalOf(ctx.caller)),
    }),
    defineTool({
      name: 'tasks.list',
      description: 'Lists tasks oldest first, optionally of one state; `limit` (≤ 500) and `after` (the last id seen) page.',
      input: taskListSchema,
      annotations: { title: 'List tasks', readOnlyHint: true, openWorldHint: false },
      handler: async (input, ctx) => ({ tasks: await service.list({ ...input, principal: principalOf(ctx.caller) }) }),
    }),
    defineTool({
      name: 'tasks.cancel',
      description: 'Cancels a task that has not finished; a worker running it stops at its next lease renewal.',
      input: byId,
      annotations: { title: 'Cancel a task', readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
      handler: ({ id }, ctx) => service.cancel(id, principalOf(ctx.caller)),
    }),
    defineTool({
      name: 'tasks.answer',
      description:
        'Answers a task waiting in input-required (`id`, `answer`): `{ callId, approved }` decides an approval, `{ callId, output }` or `{ callId, rerun: true }` settles a call in doubt.',
      input: z.strictObject({ id: taskIdSchema, answer: taskAnswerSchema }),
      annotations: { title: 'Answer a task', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      handler: ({ id, answer }, ctx) => service.answer(id, answer, principalOf(ctx.caller)),
    }),
    defineTool({
      name: 'tasks.steps',
      description: "A task's checkpoints: every model and tool call with its input and recorded output, and the answers given.",
      input: byId,
      annotations: { title: "Read a task's steps", readOnlyHint: true, openWorldHint: false },
      handler: async ({ id }, ctx) => ({ steps: await service.steps(id, principalOf(ctx.caller)) }),
    }),
  ];
  return tools as unknown as readonly ToolDefinition<z.ZodType, z.ZodType>[];
}
