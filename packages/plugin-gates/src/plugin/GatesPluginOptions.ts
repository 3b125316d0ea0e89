/**
 * The gates plugin's options after parsing, defaults filled in.
 * @public
 */
export interface GatesPluginOptions {
  /** Contract file, relative to `root`; default `.eng/quality_gate.json`. */
  readonly contract: string;
  /** Reports folder, relative to `root`; default `.cache/reports`. */
  readonly reportsDir: string;
  /** Project root; default the process's working directory at start. */
  readonly root?: string | undefined;
  /** Whether failing gates make the runtime not ready; default `false`. */
  readonly critical: boolean;
  /** Time limit of one check by the health indicator (rubric commands included), in ms; default 30000. */
  readonly timeoutMs: number;
}

/**
 * The gates plugin's options as a host writes them (every field has a default).
 * @public
 */
export interface GatesPluginOptionsInput {
  /** Contract file, relative to `root`; default `.eng/quality_gate.json`. */
  readonly contract?: string | undefined;
  /** Reports folder, relative to `root`; default `.cache/reports`. */
  readonly reportsDir?: string | undefined;
  /** Project root; default the process's working directory at start. */
  readonly root?: string | undefined;
  /** Whether failing gates make the runtime not ready; default `false`. */
  readonly critical?: boolean | undefined;
  /** Time limit of one check by the health indicator (rubric commands included), in ms; default 30000. */
  readonly timeoutMs?: number | undefined;
}
