import { type TracingChannel, tracingChannel } from 'node:diagnostics_channel';

/**
 * The name of the `node:diagnostics_channel` tracing channel on which every provider from
 * {@link defineProviderPlugin} announces its calls (`tracingChannel(providerCallChannelName)`).
 * @public
 */
export const providerCallChannelName = 'cortex-os:provider.call';

/**
 * One model-provider call as {@link providerCallChannelName} publishes it: the same object on
 * `start` and on `asyncEnd` (the call settled, a stream ended or was left), so a subscriber can
 * keep per-call state in a `WeakMap` keyed by it. `outcome` is set before `asyncEnd`.
 * @public
 */
export interface ProviderCallMessage {
  /** The provider's name. */
  readonly provider: string;
  /** What was called. */
  readonly operation: 'generate' | 'stream' | 'embed';
  /** The model asked for, else the provider's default (bounded by configuration, so a fine label). */
  readonly model: string | undefined;
  /** How the call ended; unset until `asyncEnd`. */
  outcome?: 'ok' | 'error';
}

/**
 * The channel itself, made once (`tracingChannel` returns one channel per name, so subscribers may also make their own).
 * @public
 */
export const providerCallChannel: TracingChannel<unknown, ProviderCallMessage> = tracingChannel<unknown, ProviderCallMessage>(
  providerCallChannelName,
);
