import { createDisposer, type Disposer, type LowPowerLimits, type PowerMode, type PowerModeService } from '@cortex-os/kernel';

/**
 * The energy plugin's {@link PowerModeService}: holds the mode, switches it, and tells the
 * plugins that follow it.
 * @public
 */
export class PowerModeSwitch implements PowerModeService {
  #mode: PowerMode;
  readonly #listeners = new Set<(mode: PowerMode) => void>();
  readonly #onListenerError: (error: unknown) => void;

  /** The limits low-power mode applies in model providers (`PowerModeService.lowPower`). */
  readonly lowPower: LowPowerLimits;

  /** `onListenerError` hears a listener that threw; the others are still told. */
  constructor(
    mode: PowerMode = 'normal',
    onListenerError: (error: unknown) => void = () => undefined,
    lowPower: LowPowerLimits = { maxBatchInputs: 256, generationsAtOnce: 1 },
  ) {
    this.#mode = mode;
    this.#onListenerError = onListenerError;
    this.lowPower = lowPower;
  }

  get mode(): PowerMode {
    return this.#mode;
  }

  onChange(listener: (mode: PowerMode) => void): Disposer {
    this.#listeners.add(listener);
    return createDisposer(() => this.#listeners.delete(listener));
  }

  /** Switches to `mode`; returns the mode before. Listeners hear only real changes. */
  set(mode: PowerMode): PowerMode {
    const previous = this.#mode;
    if (mode === previous) return previous;
    this.#mode = mode;
    for (const listener of [...this.#listeners]) {
      try {
        listener(mode);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
    return previous;
  }
}
