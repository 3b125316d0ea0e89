import { createToken, type Token } from '../container/Token.js';
import type { Disposer } from '../lifecycle/Disposer.js';
import { kernelOwner } from '../lifecycle/kernelTokens.js';

/**
 * How hard the runtime works: `normal`, or `low-power` — fewer calls at once, larger batches,
 * cheaper providers, less background checking, for the same results.
 * @public
 */
export type PowerMode = 'normal' | 'low-power';

/**
 * The runtime's power mode as plugins read it. `@cortex-os/plugin-energy` provides it (with a
 * tool and a REST route that switch it); plugins that save energy in low-power mode require it
 * as `optional(powerModeToken)` and read `mode` where the choice is made, or follow `onChange`.
 * What low-power means is each reading plugin's own, documented decision.
 * @public
 */
export interface PowerModeService {
  /** The mode now. */
  readonly mode: PowerMode;
  /** Calls `listener` after each change of mode; returns the remover. */
  onChange(listener: (mode: PowerMode) => void): Disposer;
  /**
   * The runtime-wide limits low-power mode applies, where the service's host configured them;
   * readers use their own documented defaults when it is absent. Read per call, never cached.
   */
  readonly lowPower?: LowPowerLimits;
}

/**
 * What low-power mode limits in model providers (`@cortex-os/provider-kit`'s `followPowerMode`).
 * @public
 */
export interface LowPowerLimits {
  /** Most inputs in one merged embedding call (the calls that arrive while one is in flight go out together). */
  readonly maxBatchInputs: number;
  /** Generations (`generate` and `stream`) one provider runs at once; the rest wait their turn in arrival order. */
  readonly generationsAtOnce: number;
}

/**
 * The token of the runtime's {@link PowerModeService} (id `power.mode`).
 * @public
 */
export const powerModeToken: Token<PowerModeService> = createToken<PowerModeService>('power.mode', { owner: kernelOwner });
