import { defineEvent, type EventDefinition, type SchemaFits } from '@cortex-os/kernel';
import { z } from 'zod';

/**
 * Data of `agent.run.started`.
 * @public
 */
export interface AgentRunStartedEventData {
  /** The run's id. */
  readonly runId: string;
  /** The agent's name. */
  readonly agent: string;
  /** The plugin that contributed the agent. */
  readonly plugin: string;
  /** How deep the run is: 0 for a run started directly, 1 for an agent called by an agent, … */
  readonly depth: number;
}

/**
 * Data of `agent.step.completed`.
 * @public
 */
export interface AgentStepCompletedEventData {
  /** The run's id. */
  readonly runId: string;
  /** The agent's name. */
  readonly agent: string;
  /** The step's position, from 0. */
  readonly step: number;
  /** The provider that served the step's model call. */
  readonly provider: string;
  /** The model that answered. */
  readonly model: string;
  /** Names of the tools the reply called, in its order. */
  readonly tools: readonly string[];
  /** Input tokens of the model call (reported, else estimated). */
  readonly inputTokens: number;
  /** Output tokens of the model call (reported, else estimated). */
  readonly outputTokens: number;
}

/**
 * Data of `agent.tool.called`, published when a tool call of the model has ended (or was refused).
 * @public
 */
export interface AgentToolCalledEventData {
  /** The run's id. */
  readonly runId: string;
  /** The agent's name. */
  readonly agent: string;
  /** The step the call belongs to. */
  readonly step: number;
  /** The model's id of the call. */
  readonly callId: string;
  /** The tool called. */
  readonly tool: string;
  /** How it ended: `succeeded`, `failed`, `invalid`, `denied` or `cancelled`. */
  readonly outcome: string;
  /** The error's code, for every outcome but `succeeded`. */
  readonly code?: string;
}

/**
 * Data of `agent.run.completed`, `agent.run.failed` and `agent.run.cancelled`.
 * @public
 */
export interface AgentRunEndedEventData {
  /** The run's id. */
  readonly runId: string;
  /** The agent's name. */
  readonly agent: string;
  /** `completed`, `budget-exhausted` (published as `agent.run.failed`), `failed` or `cancelled`. */
  readonly status: string;
  /** Why the run ended (see `AgentRunReason`). */
  readonly reason: string;
  /** Model calls made. */
  readonly steps: number;
  /** Tokens used, input and output. */
  readonly totalTokens: number;
  /** Cost at declared prices. */
  readonly cost: number;
  /** The error's code, when an error ended the run. */
  readonly code?: string;
}

const run = { runId: z.string(), agent: z.string() };
const startedData = z.object({ ...run, plugin: z.string(), depth: z.number().int().nonnegative() });
const stepData = z.object({
  ...run,
  step: z.number().int().nonnegative(),
  provider: z.string(),
  model: z.string(),
  tools: z.array(z.string()).readonly(),
  inputTokens: z.number().nonnegative(),
  outputTokens: z.number().nonnegative(),
});
const toolData = z.object({
  ...run,
  step: z.number().int().nonnegative(),
  callId: z.string(),
  tool: z.string(),
  outcome: z.string(),
  code: z.string().exactOptional(),
});
const endedData = z.object({
  ...run,
  status: z.string(),
  reason: z.string(),
  steps: z.number().int().nonnegative(),
  totalTokens: z.number().nonnegative(),
  cost: z.number().nonnegative(),
  code: z.string().exactOptional(),
});

// Compile-time proof that the event schemas and the data interfaces have not drifted apart.
true satisfies SchemaFits<AgentRunStartedEventData, typeof startedData>;
true satisfies SchemaFits<AgentStepCompletedEventData, typeof stepData>;
true satisfies SchemaFits<AgentToolCalledEventData, typeof toolData>;
true satisfies SchemaFits<AgentRunEndedEventData, typeof endedData>;

/**
 * Published when a run starts.
 * @public
 */
export const agentRunStartedEvent: EventDefinition<z.ZodType<AgentRunStartedEventData>> = defineEvent({
  type: 'agent.run.started',
  version: '1.0.0',
  data: startedData,
  description: 'An agent run started.',
});

/**
 * Published when a step (one model call and the tool calls it made) completes.
 * @public
 */
export const agentStepCompletedEvent: EventDefinition<z.ZodType<AgentStepCompletedEventData>> = defineEvent({
  type: 'agent.step.completed',
  version: '1.0.0',
  data: stepData,
  description: 'A step of an agent run completed: one model call and the tool calls it made.',
});

/**
 * Published when a tool call of the model has ended, or was refused (invalid or denied).
 * @public
 */
export const agentToolCalledEvent: EventDefinition<z.ZodType<AgentToolCalledEventData>> = defineEvent({
  type: 'agent.tool.called',
  version: '1.0.0',
  data: toolData,
  description: "A tool call of an agent's model ended: succeeded, failed, invalid, denied or cancelled.",
});

/**
 * Published when a run completes with a final answer or structured output.
 * @public
 */
export const agentRunCompletedEvent: EventDefinition<z.ZodType<AgentRunEndedEventData>> = defineEvent({
  type: 'agent.run.completed',
  version: '1.0.0',
  data: endedData,
  description: 'An agent run completed with a final answer or a structured output.',
});

/**
 * Published when a run fails, or a budget ends it (`status: 'budget-exhausted'`).
 * @public
 */
export const agentRunFailedEvent: EventDefinition<z.ZodType<AgentRunEndedEventData>> = defineEvent({
  type: 'agent.run.failed',
  version: '1.0.0',
  data: endedData,
  description: 'An agent run failed, or a budget ended it.',
});

/**
 * Published when a run is cancelled through its signal.
 * @public
 */
export const agentRunCancelledEvent: EventDefinition<z.ZodType<AgentRunEndedEventData>> = defineEvent({
  type: 'agent.run.cancelled',
  version: '1.0.0',
  data: endedData,
  description: 'An agent run was cancelled.',
});

/** Every event the agents plugin publishes, for its definition's `events`. */
export const agentEvents: readonly EventDefinition[] = [
  agentRunStartedEvent,
  agentStepCompletedEvent,
  agentToolCalledEvent,
  agentRunCompletedEvent,
  agentRunFailedEvent,
  agentRunCancelledEvent,
];
