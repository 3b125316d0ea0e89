import { type JSONRPCRequest, type Result, Server, type ServerContext } from '@modelcontextprotocol/server';

/** Carries a created task past the SDK's `tools/call` result check. */
class TaskCreated {
  constructor(readonly result: Result) {}
}

/** A created task: 2025-11-25's `CreateTaskResult` (a `task`, no tool content) or the 2026-07-28 Tasks extension's (`resultType: 'task'`). */
function isCreateTaskResult(result: Result): boolean {
  return ('task' in result && !('content' in result)) || (result as { resultType?: unknown }).resultType === 'task';
}

/**
 * The SDK's `Server`, letting a `tools/call` handler answer a task-augmented call with a
 * `CreateTaskResult`. The SDK (2.4) keeps the 2025-11-25 task types but no longer runs tasks, and
 * checks every `tools/call` result as a tool result, which a created task is not; every other
 * result is still checked as before.
 */
export class McpTaskServer extends Server {
  protected override _wrapHandler(
    method: string,
    handler: (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>,
  ): (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result> {
    if (method !== 'tools/call') return super._wrapHandler(method, handler);
    const checked = super._wrapHandler(method, async (request, ctx) => {
      const result = await handler(request, ctx);
      if (isCreateTaskResult(result)) throw new TaskCreated(result);
      return result;
    });
    return async (request, ctx) => {
      try {
        return await checked(request, ctx);
      } catch (thrown) {
        if (thrown instanceof TaskCreated) return thrown.result;
        throw thrown;
      }
    };
  }
}
