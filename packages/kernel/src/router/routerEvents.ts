import { z } from 'zod';
import { defineEvent } from '@cortex-os/kernel';

const circuitData = z.object({ provider: z.string(), from: z.string(), to: z.string(), reason: z.string().optional() });

/**
 * Published when a provider failed and the router moved on to the next one.
 * @public
 */
export const routerFallbackEvent = defineEvent({
  type: 'router.fallback',
  version: '1.0.0',
  description: 'A model provider failed and the router fell back to the next eligible provider.',
  data: z.object({
    operation: z.enum(['embed', 'generate']),
    from: z.string(),
    to: z.string(),
    code: z.string().optional(),
    reason: z.string(),
    model: z.string().optional(),
  }),
});

/**
 * Published when a provider's circuit breaker opens after consecutive failures.
 * @public
 */
export const providerCircuitOpenedEvent = defineEvent({
  type: 'provider.circuit.opened',
  version: '1.0.0',
  description: "A provider's circuit breaker opened.",
  data: circuitData,
});
/**
 * Published when a provider's circuit breaker lets a trial call through after its delay.
 * @public
 */
export const providerCircuitHalfOpenedEvent = defineEvent({
  type: 'provider.circuit.half_opened',
  version: '1.0.0',
  description: "A provider's circuit breaker let a trial call through.",
  data: circuitData,
});
/**
 * Published when a provider's circuit breaker closes again after a successful call.
 * @public
 */
export const providerCircuitClosedEvent = defineEvent({
  type: 'provider.circuit.closed',
  version: '1.0.0',
  description: "A provider's circuit breaker closed again.",
  data: circuitData,
});
