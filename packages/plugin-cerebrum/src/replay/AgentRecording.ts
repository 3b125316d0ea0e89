import type { AgentRunResult, AgentRunStep } from '@cortex-os/plugin-agents';

/**
 * A finished agent run as replay needs it: the agent, its input and its steps (each model reply
 * and tool result). Plain JSON: store it in a file or a task and replay it in another process.
 * @public
 */
export interface AgentRecording {
  readonly agent: string;
  readonly input: string;
  readonly runId: string;
  readonly steps: readonly AgentRunStep[];
}

/**
 * The recording of a run, from its result and the input it was given.
 * @public
 */
export function recordingOf(result: AgentRunResult, input: string): AgentRecording {
  return { agent: result.agent, input, runId: result.runId, steps: result.steps };
}
