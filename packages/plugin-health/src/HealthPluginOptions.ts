/**
 * The health plugin's options after parsing, defaults filled in.
 * @public
 */
export interface HealthPluginOptions {
  /** Results are cached this long (ms); default 1000. */
  readonly cacheMs: number;
  /** How long results are cached in low-power mode (ms); default 15000. */
  readonly lowPowerCacheMs: number;
  /** Limit for indicators without their own `timeoutMs` (ms); default 2000. */
  readonly timeoutMs: number;
  /** Where the probes are served; default `/live`, `/ready` and `/health`. */
  readonly paths: {
    readonly live: string;
    readonly ready: string;
    readonly health: string;
  };
  /** Auth of `/health` (`/live` and `/ready` are always open, for probes); default `default`. */
  readonly healthAuth: 'none' | 'default' | 'required';
}

/**
 * The health plugin's options as a host writes them (every field has a default).
 * @public
 */
export interface HealthPluginOptionsInput {
  /** Results are cached this long (ms); default 1000. */
  readonly cacheMs?: number | undefined;
  /** How long results are cached in low-power mode (ms); default 15000. */
  readonly lowPowerCacheMs?: number | undefined;
  /** Limit for indicators without their own `timeoutMs` (ms); default 2000. */
  readonly timeoutMs?: number | undefined;
  /** Paths starting with `/`; default `/live`, `/ready` and `/health`. */
  readonly paths?:
    | {
        readonly live?: string | undefined;
        readonly ready?: string | undefined;
        readonly health?: string | undefined;
      }
    | undefined;
  /** Auth of `/health` (`/live` and `/ready` are always open, for probes); default `default`. */
  readonly healthAuth?: 'none' | 'default' | 'required' | undefined;
}
