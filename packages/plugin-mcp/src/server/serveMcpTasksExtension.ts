import type { ToolCaller } from '@cortex-os/kernel';
import { ProtocolError, ProtocolErrorCode, type Server, type ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpTaskReceiver, McpTaskReply, McpTaskView } from '../tasks/McpTaskReceiver.js';
import { guardMcpTask, mcpTaskFields } from './serveMcpTasks.js';

/** The Tasks extension's id (SEP-2663), in server and client capabilities' `extensions`. */
export const mcpTasksExtensionId = 'io.modelcontextprotocol/tasks';

/** A task as the extension shows it: `ttlMs: null` (tasks live until retention prunes them). */
function toExtensionTask(view: McpTaskView, pollIntervalMs: number) {
  return { ...mcpTaskFields(view), ttlMs: null, pollIntervalMs };
}

/** Whether the client of a 2026-07-28 request (its capabilities travel in each request's `_meta` envelope, which the SDK reads for us) speaks the Tasks extension. */
export function clientDeclaresTasks(
  capabilities: { readonly extensions?: Readonly<Record<string, unknown>> | undefined } | undefined,
): boolean {
  const declared = capabilities?.extensions?.[mcpTasksExtensionId];
  return typeof declared === 'object' && declared !== null;
}

/** The extension's created task: `resultType: 'task'` beside the task's fields. */
export const extensionCreatedTask = (view: McpTaskView, pollIntervalMs: number): Record<string, unknown> => ({
  resultType: 'task',
  ...toExtensionTask(view, pollIntervalMs),
});

/** The task with what its status carries: its questions, its result, or its error. */
async function detailedTask(receiver: McpTaskReceiver, taskId: string, caller: ToolCaller, signal: AbortSignal) {
  const view = await receiver.get(taskId, caller);
  const task = toExtensionTask(view, receiver.pollIntervalMs);
  if (view.status === 'input_required') {
    const questions = await receiver.questions(taskId, caller);
    const inputRequests = Object.fromEntries(
      Object.entries(questions).map(([key, question]) => [
        key,
        { method: 'elicitation/create', params: { mode: 'form', message: question.message, requestedSchema: question.requestedSchema } },
      ]),
    );
    return { ...task, inputRequests };
  }
  if (view.status !== 'completed' && view.status !== 'failed') return task;
  // A final task's result is at hand: `result` does not wait.
  const result = await receiver.result(taskId, caller, signal);
  if (view.status === 'failed') return { ...task, error: { code: -32603, message: view.statusMessage ?? result.text } };
  return {
    ...task,
    // The tool call's own result, as 2026-07-28 frames it.
    result: {
      resultType: 'complete',
      content: [{ type: 'text', text: result.text }],
      ...(result.structured === undefined ? {} : { structuredContent: { ...result.structured } }),
      isError: result.isError,
    },
  };
}

const elicitReply = z.looseObject({
  action: z.enum(['accept', 'decline', 'cancel']),
  content: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
});

const inputResponsesSchema = z.record(z.string().max(200), elicitReply);

/** The client's input responses as replies: an accepted form without content is no answer. */
function toReplies(responses: Readonly<Record<string, z.infer<typeof elicitReply>>>): Record<string, McpTaskReply> {
  return Object.fromEntries(
    Object.entries(responses).map(([key, response]) => [
      key,
      response.action === 'accept' && response.content !== undefined
        ? { action: 'accept' as const, content: response.content }
        : { action: response.action === 'decline' ? ('decline' as const) : ('cancel' as const) },
    ]),
  );
}

/**
 * Serves the 2026-07-28 Tasks extension's `tasks/get` (the detailed task: its `inputRequests`
 * while `input_required`, its `result` or `error` once final), `tasks/update` (the answers) and
 * `tasks/cancel`, each for the request's caller. The SDK lets these names through on a
 * 2026-07-28 instance because they are registered with their own schemas.
 */
export function serveMcpTasksExtension(server: Server, receiver: McpTaskReceiver, callerOf: (ctx: ServerContext) => ToolCaller): void {
  const taskId = z.string().min(1).max(200);
  server.setRequestHandler('tasks/get', { params: z.looseObject({ taskId }) }, ({ taskId: id }, ctx) =>
    guardMcpTask(async () => ({ ...(await detailedTask(receiver, id, callerOf(ctx), ctx.mcpReq.signal)) })),
  );
  // The SDK lifts `inputResponses` out of a 2026-07-28 request's params (the multi-round-trip field) into the context.
  const updateParams = z.looseObject({ taskId, inputResponses: z.unknown().optional() });
  server.setRequestHandler('tasks/update', { params: updateParams }, (params, ctx) =>
    guardMcpTask(async () => {
      const responses = inputResponsesSchema.safeParse(params.inputResponses ?? ctx.mcpReq.inputResponses);
      if (!responses.success)
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, 'tasks/update needs `inputResponses`: elicitation results by input key.');
      await receiver.answer(params.taskId, callerOf(ctx), toReplies(responses.data));
      return {};
    }),
  );
  server.setRequestHandler('tasks/cancel', { params: z.looseObject({ taskId }) }, ({ taskId: id }, ctx) =>
    guardMcpTask(async () => {
      await receiver.cancel(id, callerOf(ctx));
      return {};
    }),
  );
}
