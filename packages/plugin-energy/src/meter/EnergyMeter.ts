import { CpuEnergyEstimate, type CpuEnergyEstimateOptions } from '../estimate/CpuEnergyEstimate.js';
import { RaplCounter } from '../rapl/RaplCounter.js';
import { createRaplReader, type CreateRaplReaderOptions, type RaplProblem, type RaplReader } from '../rapl/RaplReader.js';

/**
 * Where joules come from: `rapl` (measured package energy of the whole machine) or `estimate`
 * (this process's CPU time times a declared wattage).
 * @public
 */
export type EnergySource = 'rapl' | 'estimate';

/**
 * A snapshot of the meter.
 * @public
 */
export interface EnergyReport {
  readonly source: EnergySource;
  /** Joules since the meter opened. */
  readonly joules: number;
  /** This process's CPU-seconds since the meter opened. */
  readonly cpuSeconds: number;
  /** The factor attribution uses: joules per CPU-second of this process. */
  readonly joulesPerCpuSecond: number;
  /** Grams CO2e for `joules`, when a grid intensity is configured. */
  readonly carbonGrams?: number;
  /** RAPL domains that could not be read (why the estimate is used, or what RAPL misses). */
  readonly problems: readonly RaplProblem[];
}

/**
 * Options of {@link EnergyMeter.open}.
 * @public
 */
export interface EnergyMeterOptions extends CpuEnergyEstimateOptions {
  /** The powercap reader's options (root folder, read seam). */
  readonly powercap?: CreateRaplReaderOptions;
  /** `false` skips RAPL and always estimates; default true. */
  readonly rapl?: boolean;
  /** Grid carbon intensity in grams CO2e per kWh; no carbon figure without it. */
  readonly gridIntensityGramsPerKwh?: number;
}

const JOULES_PER_KWH = 3.6e6;

/**
 * The runtime's energy meter: RAPL package counters where readable, else the CPU-time estimate;
 * attributes energy to work by CPU time.
 * @public
 */
export class EnergyMeter {
  readonly #reader: RaplReader | undefined;
  readonly #counter = new RaplCounter();
  readonly #estimate: CpuEnergyEstimate;
  readonly #gridIntensity: number | undefined;
  #problems: readonly RaplProblem[];

  private constructor(
    reader: RaplReader | undefined,
    estimate: CpuEnergyEstimate,
    problems: readonly RaplProblem[],
    gridIntensity?: number,
  ) {
    this.#reader = reader;
    this.#estimate = estimate;
    this.#problems = problems;
    this.#gridIntensity = gridIntensity;
  }

  /**
   * Probes powercap once: RAPL is the source when at least one package domain reads; otherwise
   * (no tree, root-only counters, malformed files) the estimate is, and `problems` says why.
   */
  static async open(options: EnergyMeterOptions = {}): Promise<EnergyMeter> {
    const estimate = new CpuEnergyEstimate(options);
    if (options.rapl === false) return new EnergyMeter(undefined, estimate, [], options.gridIntensityGramsPerKwh);
    const reader = createRaplReader(options.powercap);
    const first = await reader.read();
    const usable = first.packages.length > 0 ? reader : undefined;
    const meter = new EnergyMeter(usable, estimate, first.problems, options.gridIntensityGramsPerKwh);
    meter.#counter.add(first);
    return meter;
  }

  /** The source every figure of this meter comes from. */
  get source(): EnergySource {
    return this.#reader === undefined ? 'estimate' : 'rapl';
  }

  /** Reads the counters (RAPL) and returns joules since the meter opened. */
  async sample(): Promise<number> {
    if (this.#reader === undefined) return this.#estimate.joules();
    const reading = await this.#reader.read();
    this.#problems = reading.problems;
    this.#counter.add(reading);
    return this.#counter.joules;
  }

  /**
   * Joules per CPU-second of this process: the declared wattage for the estimate; for RAPL, the
   * measured joules over this process's CPU-seconds so far (which charges the machine's idle
   * and other processes' energy to this process's work — an upper bound), or the declared
   * wattage until the process has used CPU time.
   */
  joulesPerCpuSecond(): number {
    if (this.#reader === undefined) return this.#estimate.wattsPerCore;
    const cpu = this.#estimate.cpuSeconds();
    return cpu > 0 && this.#counter.joules > 0 ? this.#counter.joules / cpu : this.#estimate.wattsPerCore;
  }

  /** The process's CPU time now, in microseconds: attribution takes one before and one after the work. */
  cpuMicros(): number {
    return this.#estimate.cpuMicros();
  }

  /** Joules for work that used `cpuMicros` of CPU time. */
  joulesForCpu(cpuMicros: number): number {
    return (Math.max(0, cpuMicros) / 1e6) * this.joulesPerCpuSecond();
  }

  /** Grams CO2e for `joules`, or undefined without a configured grid intensity. */
  carbonGrams(joules: number): number | undefined {
    return this.#gridIntensity === undefined ? undefined : (joules / JOULES_PER_KWH) * this.#gridIntensity;
  }

  /** Samples and reports. */
  async report(): Promise<EnergyReport> {
    const joules = await this.sample();
    const carbonGrams = this.carbonGrams(joules);
    return {
      source: this.source,
      joules,
      cpuSeconds: this.#estimate.cpuSeconds(),
      joulesPerCpuSecond: this.joulesPerCpuSecond(),
      ...(carbonGrams === undefined ? {} : { carbonGrams }),
      problems: this.#problems,
    };
  }
}
