import type { ToolCaller } from '@cortex-os/kernel';

/**
 * A durable task as an MCP client sees it (MCP 2025-11-25 tasks, experimental).
 * @public
 */
export interface McpTaskView {
  /** The task's id: what the client passes to `tasks/get`, `tasks/result` and `tasks/cancel`. */
  readonly taskId: string;
  /** `working`, `input_required` (it waits for a person), or final: `completed`, `failed`, `cancelled`. */
  readonly status: 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';
  /** Why it waits, failed or was cancelled. */
  readonly statusMessage?: string;
  /** ISO 8601. */
  readonly createdAt: string;
  /** ISO 8601. */
  readonly lastUpdatedAt: string;
}

/**
 * The tool result a finished task answers `tasks/result` with.
 * @public
 */
export interface McpTaskToolResult {
  /** The text content. */
  readonly text: string;
  /** The structured content, matching the tool's output schema. */
  readonly structured?: Readonly<Record<string, unknown>>;
  /** True when the task failed or was cancelled. */
  readonly isError: boolean;
}

/**
 * A question a task waiting in `input_required` asks the client's user (MCP 2025-11-25: the
 * receiver's request related to the task, sent while the client waits on `tasks/result`). The
 * server sends it as a form `elicitation/create` carrying the task's
 * `io.modelcontextprotocol/related-task` metadata.
 * @public
 */
export interface McpTaskQuestion {
  /** What the user is asked, in words. */
  readonly message: string;
  /** The form: a flat object of primitive fields (the elicitation's `requestedSchema`). */
  readonly requestedSchema: {
    readonly type: 'object';
    readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
    readonly required?: readonly string[];
  };
}

/**
 * The user's reply to a {@link McpTaskQuestion}: the form's values (`accept`), an explicit no
 * (`decline`), or no answer (`cancel`: dismissed, or the client could not ask).
 * @public
 */
export type McpTaskReply =
  | { readonly action: 'accept'; readonly content: Readonly<Record<string, string | number | boolean | readonly string[]>> }
  | { readonly action: 'decline' | 'cancel' };

/**
 * Asks the client's user one question about a task (see {@link McpTaskQuestion}).
 * @public
 */
export type McpTaskAsk = (question: McpTaskQuestion) => Promise<McpTaskReply>;

/**
 * What runs tool calls as durable tasks for MCP clients that ask for it (the MCP server's seam;
 * `@cortex-os/plugin-tasks/mcp` implements it over the durable task store). Provide it as
 * {@link mcpTaskReceiverToken}. Every method acts for `caller` (its principal and scopes decide
 * whose tasks it may see); a task the caller may not see, a bad argument, or cancelling a
 * finished task rejects with a `CortexError`, which the client receives as invalid params
 * (-32602) with its message.
 * @public
 */
export interface McpTaskReceiver {
  /** Whether a call of `tool` may run as a task (the tool is listed with `execution.taskSupport: 'optional'`). */
  accepts(tool: string): boolean;
  /** Creates the task of a tool call; resolves once it is durable (a `tasks/get` would find it). */
  create(tool: string, args: Readonly<Record<string, unknown>>, caller: ToolCaller): Promise<McpTaskView>;
  get(taskId: string, caller: ToolCaller): Promise<McpTaskView>;
  /** A page of the caller's tasks, oldest first; `cursor` is the `nextCursor` of the previous page. */
  list(caller: ToolCaller, cursor: string | undefined): Promise<{ readonly tasks: readonly McpTaskView[]; readonly nextCursor?: string }>;
  cancel(taskId: string, caller: ToolCaller): Promise<McpTaskView>;
  /**
   * The result of the task once it is final, waiting for that (`signal` aborts the wait). While
   * the task waits in `input_required`, the receiver may put its questions to the client's user
   * through `ask` (given when the client can answer them: it declared form elicitation) and apply
   * the answers, so the task goes on within this one `tasks/result`.
   */
  result(taskId: string, caller: ToolCaller, signal: AbortSignal, ask?: McpTaskAsk): Promise<McpTaskToolResult>;
  /**
   * The questions the task waits on now, by a key stable until answered (empty unless it is
   * `input_required`): the 2026-07-28 Tasks extension's `inputRequests` of `tasks/get`.
   */
  questions(taskId: string, caller: ToolCaller): Promise<Readonly<Record<string, McpTaskQuestion>>>;
  /**
   * Applies the user's replies to questions of {@link McpTaskReceiver.questions}, by key (the
   * extension's `tasks/update`); a key the task no longer waits on is ignored.
   */
  answer(taskId: string, caller: ToolCaller, replies: Readonly<Record<string, McpTaskReply>>): Promise<void>;
  /** How often clients should poll (ms). */
  readonly pollIntervalMs: number;
}
