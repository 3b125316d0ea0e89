import type { AgentMemoryCall, AgentRunResult, AgentRunStep, AgentToolCallRecord } from '@cortex-os/plugin-agents';
import { THREAD_HISTORY_CALL_ID } from '@cortex-os/plugin-agents';
import { recordedThreadId } from './recordedThreadId.js';

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
  /** The user the run acted for: a replay acts for the same one (an agent's `user` memory scope needs it). */
  readonly userId?: string;
  /**
   * The thread the run continued. A replay or a time travel is given the history the run was given
   * (one of `memoryCalls`), not the thread as it is now, and never appends to it.
   */
  readonly threadId?: string;
  /** The loop's own memory calls (thread history, recall, answer write-back): a replay answers them from here, as it answers the steps' calls. */
  readonly memoryCalls?: readonly AgentMemoryCall[];
}

/**
 * The recording of a run, from its result and the input it was given.
 * @public
 */
export function recordingOf(result: AgentRunResult, input: string): AgentRecording {
  return {
    agent: result.agent,
    input,
    runId: result.runId,
    steps: result.steps,
    ...(result.userId === undefined ? {} : { userId: result.userId }),
    ...(result.threadId === undefined ? {} : { threadId: result.threadId }),
    ...(result.memoryCalls === undefined ? {} : { memoryCalls: result.memoryCalls }),
  };
}

/**
 * The recording's steps with its memory calls among each step's tool calls, where a replay journal
 * looks a call up by step and call id (the steps themselves, which a replay compares, keep only
 * the model's calls).
 */
export function journalStepsOf(recording: AgentRecording): readonly AgentRunStep[] {
  if (recording.memoryCalls === undefined || recording.memoryCalls.length === 0) return recording.steps;
  const steps = recording.steps.map((step) => ({ ...step, toolCalls: [...step.toolCalls] }));
  for (const { step, ...call } of recording.memoryCalls) {
    const record: AgentToolCallRecord = { ...call, approval: 'not-needed' };
    steps[step]?.toolCalls.push(record);
  }
  return steps;
}

/**
 * The run options that put a replay in the recorded run's user, and in the thread its history call names (as `cerebrum.replay` reads a task's) when the
 * recording holds the history the run was given: the replay journal answers that history from the
 * recording and skips the append, so a replay neither reads the thread as it has grown since nor
 * appends to it. A recording without that history (made before runs recorded it) replays without
 * the thread, as it always did.
 */
export function recordedRunOptions(recording: AgentRecording): { readonly userId?: string; readonly threadId?: string } {
  const history = recording.memoryCalls?.find((call) => call.step === 0 && call.callId === THREAD_HISTORY_CALL_ID);
  const threadId = recordedThreadId(history?.arguments);
  return {
    ...(recording.userId === undefined ? {} : { userId: recording.userId }),
    ...(threadId === undefined ? {} : { threadId }),
  };
}
