import { KernelError, toError } from '@cortex-os/kernel';
import type { ChatMessage, GenerateOptions, ModelProvider } from './ModelProvider.js';
import type { ModelStreamPart } from './ModelStreamPart.js';

/** A provider's stream whose first part has arrived: the router commits to it only then. */
export interface OpenedProviderStream {
  readonly first: ModelStreamPart;
  readonly rest: AsyncIterator<ModelStreamPart>;
}

/**
 * Opens a provider's stream and waits for its first part.
 *
 * @remarks
 * Until a part arrives, a failure may still fall back to the next provider (nothing reached the
 * caller). The provider gets the caller's signal alongside the attempt's, because the rest of the
 * stream is read after the router's attempt (and its latency budget) has ended.
 */
export async function openProviderStream(
  provider: ModelProvider,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  attemptSignal: AbortSignal,
  callerSignal: AbortSignal | undefined,
): Promise<OpenedProviderStream> {
  const signal = callerSignal === undefined ? attemptSignal : AbortSignal.any([attemptSignal, callerSignal]);
  const stream = (provider.stream as NonNullable<ModelProvider['stream']>).call(provider, messages, { ...options, signal });
  const rest = stream[Symbol.asyncIterator]();
  const first = await rest.next();
  if (first.done === true) {
    throw new KernelError('PROVIDER_REQUEST_FAILED', `Model provider "${provider.name}" failed: its stream ended before its first part.`, {
      details: { provider: provider.name, reason: 'stream-invalid' },
    });
  }
  return { first: first.value, rest };
}

/**
 * The parts the caller reads: the first one, then the rest as the provider sends them.
 *
 * @remarks
 * A failure after the first part is final, as for `generate` after a streamed token: a retry or
 * another provider would repeat what the caller has already read. Leaving the loop early closes
 * the provider's stream.
 */
export async function* continueProviderStream(
  provider: string,
  opened: OpenedProviderStream,
  callerSignal: AbortSignal | undefined,
): AsyncGenerator<ModelStreamPart, void, undefined> {
  try {
    yield opened.first;
    for (let next = await opened.rest.next(); next.done !== true; next = await opened.rest.next()) yield next.value;
  } catch (error) {
    if (callerSignal?.aborted === true) throw callerSignal.reason;
    throw new KernelError(
      'PROVIDER_REQUEST_FAILED',
      `"${provider}" failed after streaming part of its answer; not retried or replaced, so no part is repeated: ${toError(error).message}`,
      { details: { provider, streamed: true, retryable: false }, cause: error },
    );
  } finally {
    await opened.rest.return?.();
  }
}
