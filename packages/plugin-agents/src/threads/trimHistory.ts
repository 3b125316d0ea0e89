import { type ChatMessage, estimateTokens, type PolicyRouter } from '@cortex-os/kernel/router';
import type { AgentModelOptions } from '../definition/AgentDefinition.js';

/** How a thread's history is fitted into a run's context. */
export interface HistoryLimits {
  /** Most tokens of history sent with each request. */
  readonly maxTokens: number;
  /** The model that summarises turns that no longer fit; without it they are dropped. */
  readonly summarizer?: AgentModelOptions;
}

/** What trimming did: the messages to send, and what was dropped or summarised (for the trace). */
export interface TrimmedHistory {
  readonly messages: readonly ChatMessage[];
  readonly keptTurns: number;
  readonly droppedTurns: number;
  readonly droppedTokens: number;
  readonly summarized: boolean;
  /** Tokens the summariser's call used (charged to the run). */
  readonly summaryTokens: number;
}

const tokensOf = (messages: readonly ChatMessage[]): number =>
  messages.reduce((sum, message) => sum + estimateTokens(JSON.stringify(message)), 0);

/** The history as turns: each starts at a user message and holds the replies and tool results that followed. */
function turnsOf(history: readonly ChatMessage[]): ChatMessage[][] {
  const turns: ChatMessage[][] = [];
  for (const message of history) {
    const current = turns.at(-1);
    if (message.role === 'user' || current === undefined) turns.push([message]);
    else current.push(message);
  }
  return turns;
}

/** Asks the summariser model for a summary of the dropped turns; `undefined` when it fails (they are then dropped). */
async function summarize(
  dropped: readonly ChatMessage[],
  limits: HistoryLimits,
  router: PolicyRouter,
  signal: AbortSignal | undefined,
): Promise<{ text: string; tokens: number } | undefined> {
  const { summarizer } = limits;
  if (summarizer === undefined) return undefined;
  const transcript = dropped
    .map((message) => `${message.role}: ${message.content}`)
    .filter((line) => !line.endsWith(': '))
    .join('\n');
  const prompt: ChatMessage[] = [
    { role: 'system', content: 'Summarise this earlier part of a conversation in a few sentences, keeping facts, names and decisions.' },
    { role: 'user', content: transcript },
  ];
  try {
    const reply = await router.generate(prompt, {
      maxTokens: Math.max(1, Math.floor(limits.maxTokens / 4)),
      ...(summarizer.model === undefined ? {} : { model: summarizer.model }),
      ...(summarizer.policy === undefined ? {} : { policy: summarizer.policy }),
      ...(signal === undefined ? {} : { signal }),
    });
    const tokens = (reply.usage?.inputTokens ?? tokensOf(prompt)) + (reply.usage?.outputTokens ?? estimateTokens(reply.text));
    return { text: reply.text, tokens };
  } catch {
    return undefined;
  }
}

/**
 * Fits a thread's history into `maxTokens`: the newest whole turns that fit are kept (a tool
 * call never loses its result); older turns are summarised by the summariser model when one is
 * configured, else dropped, oldest first.
 */
export async function trimHistory(
  history: readonly ChatMessage[],
  limits: HistoryLimits,
  router: PolicyRouter,
  signal?: AbortSignal,
): Promise<TrimmedHistory> {
  const turns = turnsOf(history);
  let kept = 0;
  let tokens = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turnTokens = tokensOf(turns[i] ?? []);
    if (tokens + turnTokens > limits.maxTokens) break;
    tokens += turnTokens;
    kept += 1;
  }
  const dropped = turns.slice(0, turns.length - kept).flat();
  const messages = turns.slice(turns.length - kept).flat();
  const base = { keptTurns: kept, droppedTurns: turns.length - kept, droppedTokens: tokensOf(dropped) };
  if (dropped.length === 0) return { ...base, messages, summarized: false, summaryTokens: 0 };
  const summary = await summarize(dropped, limits, router, signal);
  if (summary === undefined) return { ...base, messages, summarized: false, summaryTokens: 0 };
  const note: ChatMessage = { role: 'system', content: `Summary of the earlier conversation: ${summary.text}` };
  return { ...base, messages: [note, ...messages], summarized: true, summaryTokens: summary.tokens };
}
