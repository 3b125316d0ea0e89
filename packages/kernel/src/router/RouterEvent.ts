import type { ModelOperation } from './ModelProvider.js';
import type { CircuitBreakerState } from '@cortex-os/kernel/resilience';

/**
 * Data of a `router.fallback` event: a provider failed and the router moved on to the next.
 * @public
 */
export interface RouterFallbackEventData {
  /** What was being routed. */
  readonly operation: ModelOperation;
  /** The provider that failed. */
  readonly from: string;
  /** The provider tried next. */
  readonly to: string;
  /** The failure's kernel code, when it has one. */
  readonly code?: string;
  /** The failure's message. */
  readonly reason: string;
  /** The embedding model the request is pinned to, or the model asked of `to` for generation. */
  readonly model?: string;
}

/**
 * Data of a `provider.circuit.*` event: a provider's circuit breaker changed state.
 * @public
 */
export interface ProviderCircuitEventData {
  /** Name of the provider whose breaker changed. */
  readonly provider: string;
  /** State before the transition. */
  readonly from: CircuitBreakerState;
  /** State after the transition. */
  readonly to: CircuitBreakerState;
  /** The failure that opened the circuit, for `provider.circuit.opened`. */
  readonly reason?: string;
}

/**
 * An event the policy router emits through its `onEvent` callback; the kernel forwards
 * them to the event bus. `time` is epoch milliseconds from the router's clock.
 * @public
 */
export type RouterEvent =
  | { readonly type: 'router.fallback'; readonly time: number; readonly data: RouterFallbackEventData }
  | {
      readonly type: 'provider.circuit.opened' | 'provider.circuit.half_opened' | 'provider.circuit.closed';
      readonly time: number;
      readonly data: ProviderCircuitEventData;
    };
