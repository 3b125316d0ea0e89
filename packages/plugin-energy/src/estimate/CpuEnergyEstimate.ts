/**
 * The process's CPU time so far, in microseconds (`process.cpuUsage()`'s shape).
 * @public
 */
export interface CpuTimeReading {
  readonly user: number;
  readonly system: number;
}

/**
 * Options of {@link CpuEnergyEstimate}.
 * @public
 */
export interface CpuEnergyEstimateOptions {
  /**
   * Watts one core draws while busy (declared, not measured); default 10 — the order of a
   * server core's share of package power under load. Set it from the CPU's TDP divided by its cores.
   */
  readonly wattsPerCore?: number;
  /** Reads the process's CPU time; default `process.cpuUsage`. */
  readonly cpuUsage?: () => CpuTimeReading;
}

/**
 * The energy estimate used where RAPL is not readable: the process's CPU-seconds times a
 * declared per-core wattage. It counts this process only (RAPL counts the whole package), and
 * ignores idle power, memory and I/O: compare estimates with estimates, not with a meter.
 * @public
 */
export class CpuEnergyEstimate {
  readonly #wattsPerCore: number;
  readonly #cpuUsage: () => CpuTimeReading;
  readonly #start: number;

  constructor(options: CpuEnergyEstimateOptions = {}) {
    this.#wattsPerCore = options.wattsPerCore ?? 10;
    this.#cpuUsage = options.cpuUsage ?? (() => process.cpuUsage());
    this.#start = this.cpuMicros();
  }

  /** Watts per busy core, as declared. */
  get wattsPerCore(): number {
    return this.#wattsPerCore;
  }

  /** The process's CPU time now (user + system), in microseconds. */
  cpuMicros(): number {
    const usage = this.#cpuUsage();
    return usage.user + usage.system;
  }

  /** CPU-seconds since this estimate was created. */
  cpuSeconds(): number {
    return (this.cpuMicros() - this.#start) / 1e6;
  }

  /** Estimated joules since this estimate was created. */
  joules(): number {
    return this.cpuSeconds() * this.#wattsPerCore;
  }
}
