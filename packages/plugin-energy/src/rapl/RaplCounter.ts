import type { RaplReading } from './RaplReader.js';

/**
 * Turns successive RAPL readings into joules consumed since the first one, across counter
 * wrap-around and packages that appear or vanish between reads.
 * @public
 */
export class RaplCounter {
  readonly #last = new Map<string, number>();
  #joules = 0;

  /** Joules counted so far (all packages). */
  get joules(): number {
    return this.#joules;
  }

  /**
   * Adds one reading; returns the joules it added. A package seen for the first time only sets
   * its starting point. A counter lower than before wrapped once at its `maxRangeUj` (RAPL
   * counters wrap every few minutes to hours; reading more often than that is the caller's job).
   */
  add(reading: RaplReading): number {
    let addedUj = 0;
    for (const pkg of reading.packages) {
      const previous = this.#last.get(pkg.domain);
      this.#last.set(pkg.domain, pkg.energyUj);
      if (previous === undefined) continue;
      addedUj += pkg.energyUj >= previous ? pkg.energyUj - previous : pkg.maxRangeUj - previous + pkg.energyUj;
    }
    const added = addedUj / 1e6;
    this.#joules += added;
    return added;
  }
}
