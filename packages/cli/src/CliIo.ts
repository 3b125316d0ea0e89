/**
 * What a `cortex` command reads and writes besides files: injected so commands run in-process in
 * tests exactly as they do in the `cortex` binary.
 * @public
 */
export interface CliIo {
  /** Writes one line of the command's result (stdout). */
  readonly out: (line: string) => void;
  /** Writes one line of diagnostics (stderr). */
  readonly err: (line: string) => void;
  /** Usually `process.env`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The folder relative paths (the default `cortex.config.json`) are resolved against. */
  readonly cwd: string;
  /**
   * Writes raw text to a terminal (stderr), for live progress: set by the binary only when stderr
   * is a TTY; absent, commands show no progress (see `createCliProgress`).
   */
  readonly progress?: ((text: string) => void) | undefined;
}
