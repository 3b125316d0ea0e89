import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import type { AgentJournalToolResult, AgentRunJournal, AgentRunStep } from '@cortex-os/plugin-agents';
import { CerebrumError } from '../errors/CerebrumError.js';
import { firstDifference } from './firstDifference.js';
import { withoutThreadAppend } from './withoutThreadAppend.js';

/**
 * A tool result to use instead of the recorded one (time travel: "what if this call had answered…").
 * @public
 */
export interface ReplayToolOverride {
  readonly step: number;
  readonly callId: string;
  readonly content: string;
  /** Default `succeeded`. */
  readonly outcome?: 'succeeded' | 'failed';
}

/**
 * A tool call input to use instead of the model's (time travel: "what if this call had been made
 * with…"). The call runs live with it, through the registry (validation, approval, interceptors).
 * @public
 */
export interface ReplayToolInput {
  readonly step: number;
  readonly callId: string;
  /** The tool's arguments, as JSON text. */
  readonly arguments: string;
}

/**
 * Options of {@link createReplayJournal}.
 * @public
 */
export interface ReplayJournalOptions {
  /** Steps from this index on call the model and tools for real; before it, everything is replayed. Default: never. */
  readonly liveFrom?: number;
  /** Recorded tool results to replace. */
  readonly overrides?: readonly ReplayToolOverride[];
  /** Tool call inputs to replace: each such call runs live with the new input. */
  readonly inputs?: readonly ReplayToolInput[];
}

/**
 * Where a replay left its recording: the step, the field that differs, and both values.
 * @public
 */
export interface ReplayDivergence {
  readonly step: number;
  readonly field: string;
  readonly recorded: unknown;
  readonly replayed: unknown;
}

/**
 * A journal that answers a run from its recording, plus what it saw.
 * @public
 */
export interface ReplayJournal extends AgentRunJournal {
  /** The first divergence, once one happened. */
  readonly divergence: ReplayDivergence | undefined;
  /** Model and tool calls answered from the recording (not run). */
  readonly replayed: { readonly model: number; readonly tools: number };
}

function isChanged(inputs: readonly ReplayToolInput[] | undefined, call: { readonly step: number; readonly callId: string }): boolean {
  return inputs?.some((input) => input.step === call.step && input.callId === call.callId) === true;
}

/** The input a recorded run substituted for the model's (it ran under time travel), when the model's arguments are those recorded as replaced. */
function substitutedIn(
  steps: readonly AgentRunStep[],
  call: { readonly step: number; readonly callId: string; readonly arguments: string },
): string | undefined {
  const record = steps[call.step]?.toolCalls.find((candidate) => candidate.callId === call.callId);
  return record?.substitutedFrom === call.arguments ? record.arguments : undefined;
}

function diverged(divergence: ReplayDivergence): CerebrumError {
  return CerebrumError.create(
    'CEREBRUM_REPLAY_DIVERGED',
    { step: String(divergence.step), field: divergence.field },
    { details: { ...divergence } },
  );
}

/**
 * An agent-run journal that answers every model call and tool call of the steps before
 * `liveFrom` from a recording, offline: nothing runs. Each call is first compared with the
 * recorded one (the model request's summary; the tool name and arguments); the first difference
 * stops the replay with `CEREBRUM_REPLAY_DIVERGED` naming the step and field, and is kept in
 * `divergence`. For time travel, `overrides` replace recorded tool results and `inputs` replace
 * tool call inputs (through the run's `toolInput` hook: such a call runs live with the new input).
 * A recording that time travel made replays its substitutions as recorded (`substitutedFrom`).
 * @public
 */
export function createReplayJournal(steps: readonly AgentRunStep[], options: ReplayJournalOptions = {}): ReplayJournal {
  const liveFrom = options.liveFrom ?? Number.POSITIVE_INFINITY;
  const counts = { model: 0, tools: 0 };
  let divergence: ReplayDivergence | undefined;
  const stop = (found: ReplayDivergence): never => {
    divergence ??= found;
    throw diverged(found);
  };
  return {
    get divergence() {
      return divergence;
    },
    replayed: counts,
    async model(call, generate): Promise<RouterGenerateResult> {
      if (call.step >= liveFrom) return generate();
      const recorded = steps[call.step];
      if (recorded === undefined) return stop({ step: call.step, field: 'step', recorded: undefined, replayed: 'a model call' });
      const difference = firstDifference(recorded.request, call.request, 'request');
      if (difference !== undefined)
        return stop({ step: call.step, field: difference.path, recorded: difference.recorded, replayed: difference.replayed });
      counts.model += 1;
      const { reply } = recorded;
      return {
        provider: reply.provider,
        model: reply.model,
        fellBack: reply.fellBack,
        attempts: [],
        text: reply.text,
        finishReason: reply.finishReason,
        ...(reply.toolCalls.length === 0 ? {} : { toolCalls: reply.toolCalls }),
        ...(reply.usage === undefined ? {} : { usage: reply.usage }),
      };
    },
    toolInput(call): string | undefined {
      const input = options.inputs?.find((candidate) => candidate.step === call.step && candidate.callId === call.callId);
      if (input !== undefined) return input.arguments;
      // A recording made by time travel holds the substituted input: a replay makes the same substitution.
      return call.step >= liveFrom ? undefined : substitutedIn(steps, call);
    },
    async tool(call, execute): Promise<AgentJournalToolResult> {
      const skipped = withoutThreadAppend(call);
      if (skipped !== undefined) return skipped;
      if (call.step >= liveFrom || isChanged(options.inputs, call)) return execute();
      const record = steps[call.step]?.toolCalls.find((candidate) => candidate.callId === call.callId);
      if (record === undefined)
        return stop({ step: call.step, field: `toolCalls.${call.callId}`, recorded: undefined, replayed: call.tool });
      const difference = firstDifference(
        { tool: record.tool, arguments: record.arguments },
        { tool: call.tool, arguments: call.arguments },
      );
      if (difference !== undefined) {
        return stop({
          step: call.step,
          field: `toolCalls.${call.callId}.${difference.path}`,
          recorded: difference.recorded,
          replayed: difference.replayed,
        });
      }
      counts.tools += 1;
      const override = options.overrides?.find((candidate) => candidate.step === call.step && candidate.callId === call.callId);
      if (override !== undefined) return { outcome: override.outcome ?? 'succeeded', content: override.content };
      const outcome = record.outcome === 'cancelled' || record.outcome === 'failed' ? record.outcome : 'succeeded';
      return { outcome, content: record.content, ...(record.error === undefined ? {} : { error: record.error }) };
    },
  };
}
