import { type Message, type Part, Role, type Task, TaskState } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext } from '@a2a-js/sdk/server';
import type { AgentRunResult, AgentsService } from '@cortex-os/plugin-agents';

/**
 * Options of {@link AgentRunExecutor}.
 * @public
 */
export interface AgentRunExecutorOptions {
  /** The runtime's agents service (`agentsServiceToken`). */
  readonly agents: AgentsService;
  /** The agents this executor may run, by name; the first runs when a message names no skill. */
  readonly exposed: readonly string[];
  /** The clock of status timestamps (default `Date.now`). */
  readonly now?: () => number;
}

/** A text part the way the SDK's protobuf-shaped types spell it. */
function textPart(text: string): Part {
  return { content: { $case: 'text', value: text }, mediaType: 'text/plain', filename: '', metadata: undefined };
}

function dataPart(value: unknown): Part {
  return { content: { $case: 'data', value }, mediaType: 'application/json', filename: '', metadata: undefined };
}

/** The text of every text part, in order; the goal handed to the agent. */
function inputText(message: Message): string {
  return message.parts
    .map((part) => (part.content?.$case === 'text' ? part.content.value : ''))
    .filter((text) => text !== '')
    .join('\n');
}

/** The skill a message asks for: `metadata.skillId` (how a client picks one of the card's skills). */
function requestedSkill(message: Message): unknown {
  return message.metadata?.skillId;
}

/**
 * Runs plugin-agents' agents for the SDK's request handler: one A2A task per run, the task id
 * as the run id and the A2A `contextId` as the agent's thread, so a conversation continues.
 *
 * @remarks
 * Events: the task (`submitted`), `working` when the run starts and after each step (with the
 * step index in the update's metadata), then an artifact with the answer and `completed`; or
 * `canceled`, `failed` (the run's reason, never an internal message) or `rejected` (no text, or
 * an unknown skill). `cancelTask` aborts the run's signal; the run ends `cancelled` and the task
 * `canceled`.
 * @public
 */
export class AgentRunExecutor implements AgentExecutor {
  readonly #agents: AgentsService;
  readonly #exposed: readonly string[];
  readonly #now: () => number;
  readonly #running = new Map<string, AbortController>();

  /** Creates an executor over the given agents. */
  constructor(options: AgentRunExecutorOptions) {
    this.#agents = options.agents;
    this.#exposed = options.exposed;
    this.#now = options.now ?? Date.now;
  }

  /** Runs the agent the message asks for and publishes the task's events on `bus`. */
  execute = async (context: RequestContext, bus: ExecutionEventBus): Promise<void> => {
    const { taskId, contextId } = context;
    const message = context.userMessage;
    if (context.task === undefined) bus.publish(AgentEvent.task(this.#newTask(taskId, contextId, message)));
    const skill = requestedSkill(message) ?? this.#exposed[0];
    const input = inputText(message);
    if (typeof skill !== 'string' || !this.#exposed.includes(skill) || input === '') {
      const why = input === '' ? 'The message has no text part.' : `No skill "${String(skill)}"; see the Agent Card's skills.`;
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_REJECTED, why);
      bus.finished();
      return;
    }
    const controller = new AbortController();
    this.#running.set(taskId, controller);
    this.#status(bus, taskId, contextId, TaskState.TASK_STATE_WORKING);
    try {
      const result = await this.#agents.run(skill, {
        input,
        signal: controller.signal,
        threadId: contextId,
        onStep: (step) => this.#status(bus, taskId, contextId, TaskState.TASK_STATE_WORKING, undefined, { step: step.index + 1 }),
      });
      this.#finish(bus, taskId, contextId, result);
    } catch {
      // A rejected run is a configuration mistake of this runtime; its text stays here.
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_FAILED, 'The agent could not be run.');
    } finally {
      this.#running.delete(taskId);
      bus.finished();
    }
  };

  /** Aborts the task's run; `execute` then publishes `canceled`. */
  cancelTask = async (taskId: string, _bus: ExecutionEventBus): Promise<void> => {
    this.#running.get(taskId)?.abort(new Error('canceled over A2A'));
  };

  #finish(bus: ExecutionEventBus, taskId: string, contextId: string, result: AgentRunResult): void {
    if (result.status === 'completed') {
      const part = result.output !== undefined && typeof result.output !== 'string' ? dataPart(result.output) : textPart(result.text);
      bus.publish(
        AgentEvent.artifactUpdate({
          taskId,
          contextId,
          artifact: { artifactId: `${taskId}-answer`, name: 'answer', description: '', parts: [part], metadata: undefined, extensions: [] },
          append: false,
          lastChunk: true,
          metadata: undefined,
        }),
      );
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_COMPLETED, result.text);
    } else if (result.status === 'cancelled') {
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_CANCELED, 'Canceled.');
    } else {
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_FAILED, `The run ended: ${result.status} (${result.reason}).`);
    }
  }

  #newTask(id: string, contextId: string, message: Message): Task {
    return {
      id,
      contextId,
      status: { state: TaskState.TASK_STATE_SUBMITTED, message: undefined, timestamp: new Date(this.#now()).toISOString() },
      artifacts: [],
      history: [message],
      metadata: undefined,
    };
  }

  #status(
    bus: ExecutionEventBus,
    taskId: string,
    contextId: string,
    state: TaskState,
    text?: string,
    metadata?: Record<string, unknown>,
  ): void {
    const message: Message | undefined =
      text === undefined
        ? undefined
        : {
            messageId: crypto.randomUUID(),
            contextId,
            taskId,
            role: Role.ROLE_AGENT,
            parts: [textPart(text)],
            metadata: undefined,
            extensions: [],
            referenceTaskIds: [],
          };
    bus.publish(
      AgentEvent.statusUpdate({
        taskId,
        contextId,
        status: { state, message, timestamp: new Date(this.#now()).toISOString() },
        metadata,
      }),
    );
  }
}
