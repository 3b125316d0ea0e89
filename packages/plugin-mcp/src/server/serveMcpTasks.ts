import { CortexError, type ToolCaller } from '@cortex-os/kernel';
import {
  type CallToolResult,
  ProtocolError,
  ProtocolErrorCode,
  RELATED_TASK_META_KEY,
  type Server,
  type ServerCapabilities,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { McpTaskAsk, McpTaskReceiver, McpTaskReply, McpTaskView } from '../tasks/McpTaskReceiver.js';

/** What a server with a task receiver declares (2025-11-25): task-augmented `tools/call`, `tasks/list`, `tasks/cancel`. */
export const mcpTasksCapability: NonNullable<ServerCapabilities['tasks']> = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

/** The fields both revisions show of a task (they differ in how they name its TTL and poll interval). */
export function mcpTaskFields(view: McpTaskView) {
  return {
    taskId: view.taskId,
    status: view.status,
    ...(view.statusMessage === undefined ? {} : { statusMessage: view.statusMessage }),
    createdAt: view.createdAt,
    lastUpdatedAt: view.lastUpdatedAt,
  };
}

/** A task on the wire: tasks live until retention prunes them, so no TTL is promised (`ttl: null`). */
function toWireTask(view: McpTaskView, pollInterval: number) {
  return { ...mcpTaskFields(view), ttl: null, pollInterval };
}

/** The receiver's typed errors as invalid params (what the spec answers for an unknown task); anything else without its detail. */
export async function guardMcpTask<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (thrown) {
    if (thrown instanceof ProtocolError) throw thrown;
    if (CortexError.is(thrown)) throw new ProtocolError(ProtocolErrorCode.InvalidParams, thrown.message, { code: thrown.code });
    throw new ProtocolError(ProtocolErrorCode.InternalError, 'The task operation failed.');
  }
}

/** 2025-11-25's `CreateTaskResult`: the task under `task`. */
export const legacyCreatedTask = (view: McpTaskView, pollInterval: number): Record<string, unknown> => ({
  task: toWireTask(view, pollInterval),
});

/**
 * Answers a `tools/call` run as a task with the created task, in the revision's shape
 * (`created`), once the receiver made it durable. Typed as the handler's result: the SDK types
 * `tools/call` handlers as returning tool results only, and `McpTaskServer` lets a created task through.
 */
export function createMcpTask(
  receiver: McpTaskReceiver,
  call: { readonly tool: string; readonly args: Readonly<Record<string, unknown>>; readonly caller: ToolCaller },
  created: (view: McpTaskView, pollInterval: number) => Record<string, unknown>,
): Promise<CallToolResult> {
  return guardMcpTask(
    async () => created(await receiver.create(call.tool, call.args, call.caller), receiver.pollIntervalMs) as unknown as CallToolResult,
  );
}

/** The client's reply as the receiver reads it: anything but an accepted form or a decline is no answer. */
function toReply(result: { readonly action?: unknown; readonly content?: unknown }): McpTaskReply {
  if (result.action === 'accept' && typeof result.content === 'object' && result.content !== null)
    return { action: 'accept', content: result.content as Extract<McpTaskReply, { action: 'accept' }>['content'] };
  return { action: result.action === 'decline' ? 'decline' : 'cancel' };
}

/**
 * How a task's questions reach the client while it waits on `tasks/result` (MCP 2025-11-25,
 * "input required"): a form elicitation related to that request — so over Streamable HTTP it
 * travels on the request's own stream — carrying the task's related-task metadata. Undefined
 * when the client declared no form elicitation: its task waits for an answer by other means.
 */
function askThroughClient(server: Server, ctx: ServerContext, taskId: string): McpTaskAsk | undefined {
  const elicitation = server.getClientCapabilities()?.elicitation;
  // A bare `elicitation: {}` is form support (the capability before modes).
  if (elicitation === undefined || (elicitation.form === undefined && elicitation.url !== undefined)) return undefined;
  return async (question) =>
    toReply(
      await ctx.mcpReq.elicitInput(
        {
          mode: 'form',
          message: question.message,
          requestedSchema: question.requestedSchema as never,
          _meta: { [RELATED_TASK_META_KEY]: { taskId } },
        },
        { signal: ctx.mcpReq.signal },
      ),
    );
}

/** Serves `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel` from the receiver, each for the request's caller. */
export function serveMcpTasks(server: Server, receiver: McpTaskReceiver, callerOf: (ctx: ServerContext) => ToolCaller): void {
  const byId = { params: z.looseObject({ taskId: z.string().min(1).max(200) }) };
  const wire = (view: McpTaskView) => toWireTask(view, receiver.pollIntervalMs);
  server.setRequestHandler('tasks/get', byId, ({ taskId }, ctx) =>
    guardMcpTask(async () => wire(await receiver.get(taskId, callerOf(ctx)))),
  );
  server.setRequestHandler('tasks/cancel', byId, ({ taskId }, ctx) =>
    guardMcpTask(async () => wire(await receiver.cancel(taskId, callerOf(ctx)))),
  );
  server.setRequestHandler('tasks/list', { params: z.looseObject({ cursor: z.string().max(200).optional() }).optional() }, (params, ctx) =>
    guardMcpTask(async () => {
      const page = await receiver.list(callerOf(ctx), params?.cursor);
      return { tasks: page.tasks.map(wire), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
    }),
  );
  server.setRequestHandler('tasks/result', byId, ({ taskId }, ctx) =>
    guardMcpTask(async () => {
      const result = await receiver.result(taskId, callerOf(ctx), ctx.mcpReq.signal, askThroughClient(server, ctx, taskId));
      return {
        content: [{ type: 'text' as const, text: result.text }],
        ...(result.structured === undefined ? {} : { structuredContent: { ...result.structured } }),
        isError: result.isError,
        _meta: { [RELATED_TASK_META_KEY]: { taskId } },
      };
    }),
  );
}
