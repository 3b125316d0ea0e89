import type { AgentRunResult, AgentRunStep } from '@cortex-os/plugin-agents';

/**
 * A finished agent run as replay needs it: the agent, its input and its steps (each model reply
 * and tool result). Plain JSON: store it in a file or a task and replay it in another process.
 * @public
 */
export interface AgentRecording {
  readonly agent: string;
  readonly input: string;
  /**
   * The run's id: the one id a run generates itself (a random UUID unless given); tool call ids
   * are the model's, recorded with its replies. A replay runs under it, so it reproduces every id.
   */
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
