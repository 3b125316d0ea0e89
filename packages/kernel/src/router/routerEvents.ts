import { z } from 'zod';
import { defineEvent, type EventDefinition, type SchemaFits } from '@cortex-os/kernel';
import type { ProviderCircuitEventData, RouterFallbackEventData } from './RouterEvent.js';

const circuitState = z.enum(['closed', 'open', 'half_open', 'isolated']);
const circuitData = z.object({ provider: z.string(), from: circuitState, to: circuitState, reason: z.string().exactOptional() });
const fallbackData = z.object({
  operation: z.enum(['embed', 'generate']),
  from: z.string(),
  to: z.string(),
  code: z.string().exactOptional(),
  reason: z.string(),
  model: z.string().exactOptional(),
});

// Compile-time proof that the event schemas and the data interfaces have not drifted apart.
true satisfies SchemaFits<ProviderCircuitEventData, typeof circuitData>;
true satisfies SchemaFits<RouterFallbackEventData, typeof fallbackData>;

/**
 * Published when a provider failed and the router moved on to the next one.
 * @public
 */
export const routerFallbackEvent: EventDefinition<z.ZodType<RouterFallbackEventData>> = defineEvent({
  type: 'router.fallback',
  version: '1.0.0',
  description: 'A model provider failed and the router fell back to the next eligible provider.',
  data: fallbackData,
});

/**
 * Published when a provider's circuit breaker opens after consecutive failures.
 * @public
 */
export const providerCircuitOpenedEvent: EventDefinition<z.ZodType<ProviderCircuitEventData>> = defineEvent({
  type: 'provider.circuit.opened',
  version: '1.0.0',
  description: "A provider's circuit breaker opened.",
  data: circuitData,
});
/**
 * Published when a provider's circuit breaker lets a trial call through after its delay.
 * @public
 */
export const providerCircuitHalfOpenedEvent: EventDefinition<z.ZodType<ProviderCircuitEventData>> = defineEvent({
  type: 'provider.circuit.half_opened',
  version: '1.0.0',
  description: "A provider's circuit breaker let a trial call through.",
  data: circuitData,
});
/**
 * Published when a provider's circuit breaker closes again after a successful call.
 * @public
 */
export const providerCircuitClosedEvent: EventDefinition<z.ZodType<ProviderCircuitEventData>> = defineEvent({
  type: 'provider.circuit.closed',
  version: '1.0.0',
  description: "A provider's circuit breaker closed again.",
  data: circuitData,
});
