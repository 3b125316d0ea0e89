/**
 * The report formats the toolkit reads from linters.
 * @public
 */
export type ToolkitLinterFormat = 'biome-json' | 'eslint-json';

/**
 * An allow-listed linter: a fixed command and arguments, run in the workspace root with the
 * paths to check appended; never a project script.
 * @public
 */
export interface ToolkitLinter {
  /** The executable (absolute, or found on `PATH`). */
  readonly command: string;
  /** Arguments before the paths, e.g. `['lint', '--reporter=json']` for Biome or `['-f', 'json']` for ESLint. */
  readonly args?: readonly string[] | undefined;
  /** How its report reads. */
  readonly format: ToolkitLinterFormat;
}
