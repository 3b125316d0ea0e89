import type { Logger } from '@cortex-os/kernel';

/** Exit code of a second signal while draining: 128 + SIGINT's number, the shell's "interrupted". */
const FORCED_EXIT_CODE = 130;

/**
 * The runtime's signal handling (internal): the first signal starts the drain (`onFirstSignal`);
 * a second one while draining exits at once with 130.
 *
 * This is the only place in the tree that listens to process signals: a library that installs
 * its own handlers takes the decision to exit away from the host.
 */
export class StopSignals {
  readonly #signals: readonly NodeJS.Signals[];
  readonly #onFirstSignal: () => void;
  readonly #logger: Logger;
  #received = false;

  constructor(signals: readonly NodeJS.Signals[], onFirstSignal: () => void, logger: Logger) {
    this.#signals = signals;
    this.#onFirstSignal = onFirstSignal;
    this.#logger = logger;
  }

  /** True once a signal arrived. */
  get received(): boolean {
    return this.#received;
  }

  install(): void {
    for (const signal of this.#signals) process.on(signal, this.#onSignal);
  }

  remove(): void {
    for (const signal of this.#signals) process.off(signal, this.#onSignal);
  }

  readonly #onSignal = (signal: NodeJS.Signals): void => {
    if (this.#received) {
      this.#logger.warn({ signal }, 'second signal while draining: exiting now');
      process.exit(FORCED_EXIT_CODE);
      return;
    }
    this.#received = true;
    this.#logger.info({ signal }, 'signal received: draining');
    this.#onFirstSignal();
  };
}
