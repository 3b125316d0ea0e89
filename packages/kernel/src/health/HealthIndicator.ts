import { createMultiToken, type MultiToken } from '../container/Token.js';
import { kernelOwner } from '../lifecycle/kernelTokens.js';

/**
 * Outcome of one health check, in the terms of the IETF health-check draft.
 * @public
 */
export interface HealthCheckResult {
  /** The verdict: `pass` (healthy), `warn` (degraded but serving) or `fail`. */
  readonly status: 'pass' | 'warn' | 'fail';
  /** Why, in plain words, when not `pass`. */
  readonly output?: string;
  /** The value the check measured, e.g. a response time. */
  readonly observedValue?: unknown;
  /** Unit of `observedValue`, e.g. `ms`. */
  readonly observedUnit?: string;
  /** E.g. `datastore`, `component`, `system`. */
  readonly componentType?: string;
}

/**
 * A check any plugin contributes; the health plugin serves them as `/health` and `/ready`.
 * @public
 */
export interface HealthIndicator {
  /** `component:measurement`, e.g. `memory.sqlite:responseTime`. */
  readonly name: string;
  /** A failing critical indicator makes the runtime not ready; a non-critical one only warns. */
  readonly critical: boolean;
  /** Per-check time limit; a check that exceeds it is reported as a timeout. */
  readonly timeoutMs?: number;
  /** Runs the check; it must stop promptly when `signal` aborts. */
  check(signal: AbortSignal): Promise<HealthCheckResult>;
}

/**
 * The multi token every plugin provides its health indicators on.
 * @public
 */
export const healthIndicatorToken: MultiToken<HealthIndicator> = createMultiToken<HealthIndicator>('kernel.health-indicator', {
  owner: kernelOwner,
});
