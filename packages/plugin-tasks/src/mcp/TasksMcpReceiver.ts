import { CortexError, type ToolCaller } from '@cortex-os/kernel';
import type { McpTaskAsk, McpTaskQuestion, McpTaskReceiver, McpTaskReply, McpTaskToolResult, McpTaskView } from '@cortex-os/plugin-mcp';
import { type AgentsService, principalOfCaller } from '@cortex-os/plugin-agents';
import { TaskError } from '../errors/TaskError.js';
import type { TaskAnswer, TasksService, TaskView } from '../service/TasksService.js';
import type { TaskState } from '../store/TaskRecord.js';
import { taskScopeOf } from '../tools/taskCallerPrincipal.js';
import { taskSubmitSchema } from '../tools/taskWireSchemas.js';
import { taskAnswerOf, taskQuestion } from './taskQuestions.js';
import { taskToolResult } from './taskToolResult.js';

const wireStatus: Readonly<Record<TaskState, McpTaskView['status']>> = {
  submitted: 'working',
  working: 'working',
  'input-required': 'input_required',
  completed: 'completed',
  failed: 'failed',
  cancelled: 'cancelled',
};

const finalStates = new Set<TaskState>(['completed', 'failed', 'cancelled']);

/** A durable task as MCP shows it. */
function toView(task: TaskView): McpTaskView {
  const message = task.state === 'input-required' || task.state === 'failed' || task.state === 'cancelled' ? task.reason : undefined;
  return {
    taskId: task.id,
    status: wireStatus[task.state],
    ...(message === undefined ? {} : { statusMessage: message }),
    createdAt: new Date(task.createdAt).toISOString(),
    lastUpdatedAt: new Date(task.updatedAt).toISOString(),
  };
}

/**
 * Options of {@link TasksMcpReceiver}.
 * @public
 */
export interface TasksMcpReceiverOptions {
  /** A caller whose scopes include it sees every principal's tasks. @defaultValue the tasks service's ({@link TasksService.scopeOf}: the tasks plugin's `rest.adminScope`) */
  readonly adminScope?: string | undefined;
  /** How often clients should poll (ms). @defaultValue `1000` */
  readonly pollIntervalMs?: number | undefined;
  /** Tasks listed per page. @defaultValue `50` */
  readonly pageSize?: number | undefined;
}

/**
 * The MCP plugin's task receiver over durable tasks: a task-augmented call of an agent's tool
 * (`agent.<name>`, `{ input }`) becomes a durable task of that agent, owned by the caller's
 * principal — it survives restarts, waits for people in `input_required`, and is read, listed
 * and cancelled by its owner (or a caller with the admin scope) through `tasks/*`.
 * @public
 */
export class TasksMcpReceiver implements McpTaskReceiver {
  readonly #tasks: TasksService;
  readonly #agents: Pick<AgentsService, 'list'>;
  readonly #adminScope: string | undefined;
  readonly #pageSize: number;
  readonly pollIntervalMs: number;

  constructor(tasks: TasksService, agents: Pick<AgentsService, 'list'>, options: TasksMcpReceiverOptions = {}) {
    this.#tasks = tasks;
    this.#agents = agents;
    this.#adminScope = options.adminScope;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#pageSize = options.pageSize ?? 50;
  }

  accepts(tool: string): boolean {
    return this.#agentOf(tool) !== undefined;
  }

  async create(tool: string, args: Readonly<Record<string, unknown>>, caller: ToolCaller): Promise<McpTaskView> {
    const agent = this.#agentOf(tool);
    const parsed = taskSubmitSchema.shape.input.safeParse(args.input);
    if (agent === undefined || !parsed.success) {
      const problem = agent === undefined ? 'the tool runs no agent' : '`input` must be a string of 1 to 100,000 characters';
      throw new TaskError('TASK_INPUT_INVALID', `The input of a task for "${tool}" is invalid: ${problem}.`, { details: { tool } });
    }
    return toView(await this.#tasks.submit({ agent, input: parsed.data, principal: principalOfCaller(caller) }));
  }

  async get(taskId: string, caller: ToolCaller): Promise<McpTaskView> {
    return toView(await this.#tasks.get(taskId, this.#scope(caller)));
  }

  async list(
    caller: ToolCaller,
    cursor: string | undefined,
  ): Promise<{ readonly tasks: readonly McpTaskView[]; readonly nextCursor?: string }> {
    const tasks = await this.#tasks.list({ principal: this.#scope(caller), limit: this.#pageSize, after: cursor });
    const last = tasks.at(-1);
    return { tasks: tasks.map(toView), ...(last !== undefined && tasks.length === this.#pageSize ? { nextCursor: last.id } : {}) };
  }

  async cancel(taskId: string, caller: ToolCaller): Promise<McpTaskView> {
    return toView(await this.#tasks.cancel(taskId, this.#scope(caller)));
  }

  async result(taskId: string, caller: ToolCaller, signal: AbortSignal, ask?: McpTaskAsk): Promise<McpTaskToolResult> {
    const principal = this.#scope(caller);
    const unanswered = new Set<string>();
    // The event stream ends once the task is final (or the client goes away); each time the task
    // comes to wait for a person, its next question goes to the client's user, if it can ask.
    for await (const event of await this.#tasks.events(taskId, { principal, signal })) {
      if (signal.aborted) break;
      if (ask !== undefined && event.type === 'status' && event.data.state === 'input-required')
        await this.#askNext(taskId, principal, ask, unanswered);
    }
    const task = await this.#tasks.get(taskId, principal);
    if (!finalStates.has(task.state))
      throw new TaskError('TASK_STATE_CONFLICT', `Task "${taskId}" is ${task.state}; its result needs it to be final.`, {
        details: { task: taskId },
      });
    return taskToolResult(task, await this.#tasks.steps(taskId, principal));
  }

  /**
   * The first call the task waits on, as a question keyed by its call id: one at a time, since an
   * answer queues the task again (a second answer to the same wait would find it no longer
   * waiting); the next pending call is asked when the task comes back to `input-required`.
   */
  async questions(taskId: string, caller: ToolCaller): Promise<Readonly<Record<string, McpTaskQuestion>>> {
    const task = await this.#tasks.get(taskId, this.#scope(caller));
    const first = task.state === 'input-required' ? task.pending[0] : undefined;
    return first === undefined ? {} : { [first.callId]: taskQuestion(taskId, first) };
  }

  async answer(taskId: string, caller: ToolCaller, replies: Readonly<Record<string, McpTaskReply>>): Promise<void> {
    const principal = this.#scope(caller);
    const task = await this.#tasks.get(taskId, principal);
    for (const pending of task.pending) {
      const reply = replies[pending.callId];
      const answer = reply === undefined ? undefined : taskAnswerOf(pending, reply);
      if (answer !== undefined) await this.#answerOnce(taskId, answer, principal);
    }
  }

  /** Answers the task, unless someone else (REST, another client) answered that wait first: it goes on either way. */
  async #answerOnce(taskId: string, answer: TaskAnswer, principal: string | undefined): Promise<void> {
    try {
      await this.#tasks.answer(taskId, answer, principal);
    } catch (error) {
      if (!(CortexError.is(error) && error.code === 'TASK_STATE_CONFLICT')) throw error;
    }
  }

  /**
   * Puts the first pending call the user was not yet asked about in this `tasks/result` to them,
   * and answers the task with their reply — which queues it again; a call still pending after
   * that run brings it back to `input_required`, and the next one is asked then. A question the
   * user dismisses (or the client fails to ask) is not asked again in this wait.
   */
  async #askNext(taskId: string, principal: string | undefined, ask: McpTaskAsk, unanswered: Set<string>): Promise<void> {
    const task = await this.#tasks.get(taskId, principal);
    if (task.state !== 'input-required') return; // an event of an earlier wait, replayed
    for (const pending of task.pending) {
      if (unanswered.has(pending.callId)) continue;
      const answer = await ask(taskQuestion(taskId, pending)).then(
        (reply) => taskAnswerOf(pending, reply),
        () => undefined,
      );
      if (answer === undefined) {
        unanswered.add(pending.callId);
        continue;
      }
      await this.#answerOnce(taskId, answer, principal);
      return;
    }
  }

  #scope(caller: ToolCaller): string | undefined {
    return this.#adminScope === undefined ? this.#tasks.scopeOf(caller) : taskScopeOf(caller, this.#adminScope);
  }

  #agentOf(tool: string): string | undefined {
    return this.#agents.list().find((agent) => agent.tool === tool)?.name;
  }
}
