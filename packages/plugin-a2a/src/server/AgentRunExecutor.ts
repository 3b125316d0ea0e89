import { type Message, type Part, Role, type Task, TaskState } from '@a2a-js/sdk';
import { AgentEvent, type AgentExecutor, type ExecutionEventBus, type RequestContext } from '@a2a-js/sdk/server';
import type { AgentsService } from '@cortex-os/plugin-agents';
import { a2aRunIdentity } from '../tasks/a2aRunIdentity.js';
import { a2aDepthOf, runAtA2aDepth } from '../delegation/a2aDelegationDepth.js';
import type { A2aRunOutcome, A2aRunRequest } from '../tasks/A2aRunOutcome.js';
import type { DurableA2aRuns } from '../tasks/DurableA2aRuns.js';

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
  /** The deepest chain of A2A delegations a message may arrive at (its `cortexDelegationDepth`) and still run (default 8). */
  readonly maxDelegationDepth?: number | undefined;
  /** Agents only an authenticated caller may run: anyone else's task is left `auth-required` (default none). */
  readonly authenticated?: readonly string[] | undefined;
  /** Runs agents as durable plugin-tasks tasks while available (default: in the request's process only). */
  readonly durable?: DurableA2aRuns | undefined;
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

/** The caller as plugin-tasks' REST API names it: the authenticated principal, else `anonymous`. */
function principalOf(context: RequestContext): string {
  const user = context.context?.user;
  return user?.isAuthenticated === true && user.userName !== '' ? user.userName : 'anonymous';
}

/** The skill a message asks for: `metadata.skillId` (how a client picks one of the card's skills). */
function requestedSkill(message: Message): unknown {
  return message.metadata?.skillId;
}

/**
 * Runs plugin-agents' agents for the SDK's request handler: one A2A task per run, the task id
 * as the run id and the A2A `contextId` as the agent's thread — the sender's own
 * (another principal naming the same context gets a thread of its own) — so a conversation continues.
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
  readonly #durable: DurableA2aRuns | undefined;
  readonly #authenticated: ReadonlySet<string>;
  readonly #maxDepth: number;
  readonly #running = new Map<string, AbortController>();

  /** Creates an executor over the given agents. */
  constructor(options: AgentRunExecutorOptions) {
    this.#agents = options.agents;
    this.#exposed = options.exposed;
    this.#now = options.now ?? Date.now;
    this.#durable = options.durable;
    this.#authenticated = new Set(options.authenticated ?? []);
    this.#maxDepth = options.maxDelegationDepth ?? 8;
  }

  /** Runs the agent the message asks for and publishes the task's events on `bus`. */
  execute = async (context: RequestContext, bus: ExecutionEventBus): Promise<void> => {
    const { taskId, contextId } = context;
    const message = context.userMessage;
    if (context.task === undefined) bus.publish(AgentEvent.task(this.#newTask(taskId, contextId, message)));
    const asked = requestedSkill(message) ?? this.#exposed[0];
    const input = inputText(message);
    const depth = a2aDepthOf(message.metadata);
    const refusal = this.#refusal(asked, input, depth);
    if (refusal !== undefined) {
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_REJECTED, refusal);
      bus.finished();
      return;
    }
    // Not refused: the skill is one of the exposed agents' names.
    const skill = asked as string;
    if (this.#authenticated.has(skill) && context.context?.user?.isAuthenticated !== true) {
      // Not run: the caller sends the message again with a bearer token (a new task: tasks are scoped by their caller).
      const why = `The skill "${skill}" needs an authenticated caller: send the message again with Authorization: Bearer <token>.`;
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_AUTH_REQUIRED, why);
      bus.finished();
      return;
    }
    const controller = new AbortController();
    this.#running.set(taskId, controller);
    this.#status(bus, taskId, contextId, TaskState.TASK_STATE_WORKING);
    const request: A2aRunRequest = {
      depth,
      taskId,
      contextId,
      skill,
      input,
      principal: principalOf(context),
      onStep: (step) => this.#status(bus, taskId, contextId, TaskState.TASK_STATE_WORKING, undefined, { step }),
    };
    try {
      this.#finish(bus, taskId, contextId, await this.#run(request, controller.signal));
    } catch {
      // A rejected run is a configuration mistake of this runtime; its text stays here.
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_FAILED, 'The agent could not be run.');
    } finally {
      this.#running.delete(taskId);
      bus.finished();
    }
  };

  /** Why the message is rejected, if it is: no text, an unknown skill, or a delegation chain too deep (runtimes delegating in a loop). */
  #refusal(skill: unknown, input: string, depth: number): string | undefined {
    if (input === '') return 'The message has no text part.';
    if (typeof skill !== 'string' || !this.#exposed.includes(skill)) return `No skill "${String(skill)}"; see the Agent Card's skills.`;
    if (depth > this.#maxDepth) return `The message is ${depth} A2A delegations deep; this runtime runs at most ${this.#maxDepth}.`;
    return undefined;
  }

  /** Aborts the task's run; `execute` then publishes `canceled`. */
  cancelTask = async (taskId: string, _bus: ExecutionEventBus): Promise<void> => {
    this.#running.get(taskId)?.abort(new Error('canceled over A2A'));
  };

  /** Runs the agent: as a durable task while the tasks worker serves, else here, in the request's process. */
  async #run(request: A2aRunRequest, signal: AbortSignal): Promise<A2aRunOutcome> {
    if (this.#durable?.available === true) return this.#durable.run(request, signal);
    const result = await runAtA2aDepth(request.depth, () =>
      this.#agents.run(request.skill, {
        input: request.input,
        signal,
        ...a2aRunIdentity(request.principal, request.contextId),
        onStep: (step) => request.onStep(step.index + 1),
      }),
    );
    if (result.status === 'completed') return { status: 'completed', text: result.text, output: result.output };
    if (result.status === 'cancelled') return { status: 'cancelled' };
    return { status: 'failed', reason: `The run ended: ${result.status} (${result.reason}).` };
  }

  #finish(bus: ExecutionEventBus, taskId: string, contextId: string, result: A2aRunOutcome): void {
    if (result.status === 'detached') return;
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
    } else if (result.status === 'input-required') {
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_INPUT_REQUIRED, result.reason);
    } else {
      this.#status(bus, taskId, contextId, TaskState.TASK_STATE_FAILED, result.reason);
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
