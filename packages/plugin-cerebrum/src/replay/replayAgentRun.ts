import type { AgentApprover, AgentRunResult, AgentsService } from '@cortex-os/plugin-agents';
import { type AgentRecording, journalStepsOf, recordedRunOptions } from './AgentRecording.js';
import { createReplayJournal, type ReplayDivergence, type ReplayToolOverride } from './createReplayJournal.js';
import { firstDifference } from './firstDifference.js';

/**
 * What a replay found: the replayed run, whether its steps equal the recording's (timings aside),
 * and where they first differ.
 * @public
 */
export interface ReplayReport {
  readonly result: AgentRunResult;
  readonly identical: boolean;
  readonly divergence?: ReplayDivergence;
  /** Model and tool calls answered from the recording. */
  readonly replayed: { readonly model: number; readonly tools: number };
}

/** Approves exactly what the recording approved. */
function recordedApprovals(recording: AgentRecording): AgentApprover {
  return (request) => {
    const record = recording.steps[request.step]?.toolCalls.find((call) => call.callId === request.callId);
    return Promise.resolve(record?.approval !== 'denied');
  };
}

/**
 * Re-runs a recorded agent run against its recorded model replies and tool results, offline,
 * and checks that it takes the identical steps — for debugging, and as a regression test ("this
 * recording must still replay"). It runs under the recorded `runId`, so the ids it shows — its
 * result's, its events', the correlation id its calls carry — are the recorded run's. A run that asks anything the recording does not hold (a changed
 * agent, tool or loop) reports the first step and field that differ.
 * @public
 */
export async function replayAgentRun(agents: AgentsService, recording: AgentRecording): Promise<ReplayReport> {
  const journal = createReplayJournal(journalStepsOf(recording));
  // Under the recorded id, the only id a run makes itself (call ids are the model's, recorded with its replies).
  const result = await agents.run(recording.agent, {
    input: recording.input,
    runId: recording.runId,
    ...recordedRunOptions(recording),
    journal,
    approve: recordedApprovals(recording),
  });
  const found =
    journal.divergence ??
    ((difference) => {
      if (difference === undefined) return undefined;
      const [, step, ...rest] = difference.path.split('.');
      return {
        step: Number(step ?? 0),
        field: rest.join('.') || difference.path,
        recorded: difference.recorded,
        replayed: difference.replayed,
      };
    })(firstDifference({ steps: recording.steps }, { steps: result.steps }));
  return { result, identical: found === undefined, ...(found === undefined ? {} : { divergence: found }), replayed: journal.replayed };
}

/**
 * Options of {@link timeTravel}.
 * @public
 */
export interface TimeTravelOptions {
  /** The step to change: every step before it is replayed exactly; from the step after it on, the run is live. */
  readonly step: number;
  /** Tool results of that step to replace. */
  readonly overrides?: readonly Omit<ReplayToolOverride, 'step'>[];
  /** Tool call inputs of that step to replace (JSON values): those calls run live, with the new input. */
  readonly inputs?: readonly { readonly callId: string; readonly input: unknown }[];
  /** Decides the live calls that need approval, including the changed ones; without it they are denied. Replayed calls keep the recorded decision. */
  readonly approve?: AgentApprover;
}

/**
 * Re-runs a recording from step k with a changed past: steps before k replay exactly, step k's
 * tool results are overridden or its calls' inputs changed (a changed call runs live with its new
 * input), and the run goes on live (real model and tools) as a new run whose result names the
 * original in `travelledFrom`. Live calls that need approval go to `options.approve` (denied
 * without it); replayed ones keep the recorded decision.
 * @public
 */
export async function timeTravel(
  agents: AgentsService,
  recording: AgentRecording,
  options: TimeTravelOptions,
): Promise<{ readonly result: AgentRunResult; readonly travelledFrom: { readonly runId: string; readonly step: number } }> {
  const inputs = (options.inputs ?? []).map(({ callId, input }) => ({ step: options.step, callId, arguments: JSON.stringify(input) }));
  const journal = createReplayJournal(journalStepsOf(recording), {
    liveFrom: options.step + 1,
    overrides: (options.overrides ?? []).map((override) => ({ ...override, step: options.step })),
    inputs,
  });
  const recorded = recordedApprovals(recording);
  const approve: AgentApprover = (request) => {
    const live = request.step > options.step || inputs.some((input) => input.callId === request.callId && request.step === options.step);
    if (!live) return recorded(request);
    return options.approve === undefined ? false : options.approve(request);
  };
  const result = await agents.run(recording.agent, { input: recording.input, ...recordedRunOptions(recording), journal, approve });
  return { result, travelledFrom: { runId: recording.runId, step: options.step } };
}
