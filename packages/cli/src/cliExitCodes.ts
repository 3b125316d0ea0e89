/**
 * The `cortex` command's exit codes, stable once released (documented in the README).
 * @public
 */
export const cliExitCodes = {
  /** The command did what it was asked; `serve` stopped cleanly after SIGTERM/SIGINT. */
  ok: 0,
  /** `doctor` found a problem, the runtime failed to start, or it stopped with a failed hook or cut requests. */
  failure: 1,
  /** Unknown command or flag, or a flag without its value (`CLI_USAGE`). */
  usage: 2,
  /** The configuration (file, `CORTEX_*` variables or `CORTEX_HOME`) is invalid or unreadable. */
  config: 3,
  /** A second signal arrived while `serve` was draining. */
  interrupted: 130,
} as const;
