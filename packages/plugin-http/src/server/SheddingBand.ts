/**
 * One signal with hysteresis (internal): shedding for it starts above `enter` and stops at or
 * below `leave`; while on, the share ramps from `leave` to `cap` at `full`.
 */
export class SheddingBand {
  readonly #enter: number;
  readonly #leave: number;
  readonly #full: number;
  readonly #cap: number;
  #on = false;

  constructor(enter: number, leave: number | undefined, full: number, cap: number) {
    this.#enter = enter;
    this.#leave = Math.max(0, Math.min(enter, leave ?? enter));
    this.#full = full;
    this.#cap = cap;
  }

  /** True while shedding for this signal. */
  get on(): boolean {
    return this.#on;
  }

  /** Updates the state with a new reading; the share of new requests to shed. */
  share(signal: number): number {
    if (this.#enter <= 0) return 0;
    this.#on = this.#on ? signal > this.#leave : signal > this.#enter;
    if (!this.#on) return 0;
    if (this.#full <= this.#leave) return this.#cap;
    // Measured from the leave level: with hysteresis, the share just past the threshold is already above 0.
    return Math.min(this.#cap, (signal - this.#leave) / (this.#full - this.#leave));
  }
}
