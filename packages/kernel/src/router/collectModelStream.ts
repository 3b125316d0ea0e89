import { KernelError } from '@cortex-os/kernel';
import type { ModelFinishReason, ModelUsage } from './ModelProvider.js';
import type { ModelStreamPart } from './ModelStreamPart.js';
import type { ModelToolCall } from './ModelToolCall.js';

/**
 * A streamed reply put back together: its whole text, its complete tool calls, why it stopped.
 * @public
 */
export interface CollectedModelStream {
  /** All text deltas, joined. */
  readonly text: string;
  /** Each tool call with its arguments joined, in index order. */
  readonly toolCalls: readonly ModelToolCall[];
  /** Why the model stopped, from the `finish` part. */
  readonly finishReason: ModelFinishReason;
  /** Tokens used, when the `finish` part reports them. */
  readonly usage?: ModelUsage;
}

interface PendingCall {
  id: string | undefined;
  name: string | undefined;
  arguments: string;
}

function malformed(provider: string, reason: string): KernelError {
  return new KernelError('PROVIDER_REQUEST_FAILED', `Model provider "${provider}" failed: its stream ${reason}.`, {
    details: { provider, reason: 'stream-invalid', retryable: false },
  });
}

function completeCalls(provider: string, pending: ReadonlyMap<number, PendingCall>): ModelToolCall[] {
  const calls: ModelToolCall[] = [];
  for (const [index, call] of [...pending].sort(([a], [b]) => a - b)) {
    if (call.id === undefined || call.name === undefined) throw malformed(provider, `never named the id and tool of tool call ${index}`);
    calls.push({ id: call.id, name: call.name, arguments: call.arguments });
  }
  return calls;
}

/**
 * Reads a stream of {@link ModelStreamPart}s to its end and assembles the reply.
 *
 * @throws {@link KernelError} `PROVIDER_REQUEST_FAILED` (`details.reason: 'stream-invalid'`) when
 * the stream ends without a `finish` part, has parts after it, or never names a tool call's id and tool.
 * @example
 * ```ts
 * const { parts } = await router.stream(messages, { tools });
 * const { text, toolCalls, finishReason } = await collectModelStream(parts);
 * ```
 * @public
 */
export async function collectModelStream(parts: AsyncIterable<ModelStreamPart>, provider = 'stream'): Promise<CollectedModelStream> {
  let text = '';
  const pending = new Map<number, PendingCall>();
  let finish: { finishReason: ModelFinishReason; usage?: ModelUsage } | undefined;
  for await (const part of parts) {
    if (finish !== undefined) throw malformed(provider, `sent a "${part.type}" part after its finish`);
    if (part.type === 'text-delta') text += part.text;
    else if (part.type === 'tool-call-delta') {
      const call = pending.get(part.index) ?? { id: undefined, name: undefined, arguments: '' };
      call.id ??= part.id;
      call.name ??= part.name;
      call.arguments += part.argumentsDelta;
      pending.set(part.index, call);
    } else finish = part.usage === undefined ? { finishReason: part.finishReason } : { finishReason: part.finishReason, usage: part.usage };
  }
  if (finish === undefined) throw malformed(provider, 'ended without a finish part');
  return { text, toolCalls: completeCalls(provider, pending), ...finish };
}
