import type { RouterGenerateResult } from '@cortex-os/kernel/router';
import type { AgentJournalToolResult, AgentRunJournal, AgentRunStep } from '@cortex-os/plugin-agents';
import { CerebrumError } from '../errors/CerebrumError.js';
import { firstDifference } from './firstDifference.js';

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
 * Options of {@link createReplayJournal}.
 * @public
 */
export interface ReplayJournalOptions {
  /** Steps from this index on call the model and tools for real; before it, everything is replayed. Default: never. */
  readonly liveFrom?: number;
  /** Recorded tool results to replace. */
  readonly overrides?: readonly ReplayToolOverride[];
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
 * `divergence`. `overrides` replace recorded tool results, for time travel.
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
    async tool(call, execute): Promise<AgentJournalToolResult> {
      if (call.step >= liveFrom) return execute();
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
