import type { LowPowerLimits, PowerMode } from '@cortex-os/kernel';

/**
 * The energy plugin's options after parsing, defaults filled in.
 * @public
 */
export interface EnergyPluginOptions {
  /** The powercap folder read for Intel RAPL counters; default `/sys/class/powercap`. */
  readonly powercapRoot: string;
  /** `false` never reads RAPL and always estimates; default true. */
  readonly rapl: boolean;
  /** Watts one busy core draws, for the estimate and attribution; default 10. */
  readonly wattsPerCore: number;
  /** Grid carbon intensity (grams CO2e per kWh) for the carbon estimate; none by default. */
  readonly gridIntensityGramsPerKwh?: number | undefined;
  /** The power mode the runtime starts in; default `normal`. */
  readonly powerMode: PowerMode;
  /** What low-power mode limits in every model provider; default 256 inputs per merged embedding call, 1 generation at a time. */
  readonly lowPower: LowPowerLimits;
}

/**
 * The energy plugin's options as written in configuration (every key optional).
 * @public
 */
export interface EnergyPluginOptionsInput {
  /** The powercap folder read for Intel RAPL counters; default `/sys/class/powercap`. */
  readonly powercapRoot?: string | undefined;
  /** `false` never reads RAPL and always estimates; default true. */
  readonly rapl?: boolean | undefined;
  /** Watts one busy core draws, for the estimate and attribution; default 10. */
  readonly wattsPerCore?: number | undefined;
  /** Grid carbon intensity (grams CO2e per kWh) for the carbon estimate; none by default. */
  readonly gridIntensityGramsPerKwh?: number | undefined;
  /** The power mode the runtime starts in; default `normal`. */
  readonly powerMode?: PowerMode | undefined;
  /** What low-power mode limits in every model provider; default 256 inputs per merged embedding call, 1 generation at a time. */
  readonly lowPower?: { readonly maxBatchInputs?: number | undefined; readonly generationsAtOnce?: number | undefined } | undefined;
}
