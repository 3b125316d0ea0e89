import type { ToolkitLinter } from '../lint/ToolkitLinter.js';
import type { WorkspaceRootInput } from '../paths/WorkspaceRoots.js';

/**
 * Which search engine the toolkit uses: `auto` picks ripgrep when it runs, else the built-in one.
 * @public
 */
export type ToolkitEngineChoice = 'auto' | 'ripgrep' | 'builtin';

/**
 * The toolkit plugin's options after parsing, defaults filled in.
 * @public
 */
export interface ToolkitPluginOptions {
  /** Workspace roots the tools are confined to (the allow-list); the first is the default. Default `['.']`. */
  readonly roots: readonly (string | WorkspaceRootInput)[];
  /** Search engine; default `auto`. */
  readonly engine: ToolkitEngineChoice;
  /** The ripgrep executable; default `rg` from the tools folders ({@link resolveToolPath}), else from `PATH`. */
  readonly ripgrepPath?: string | undefined;
  /** Time limit of one tool call, in ms; default 10000. */
  readonly timeoutMs: number;
  /** How long a stopped ripgrep gets between SIGTERM and SIGKILL, in ms; default 2000. */
  readonly killGraceMs: number;
  /** Matches per pattern when a call does not say; default 100 (a call may ask for up to 1000). */
  readonly maxResults: number;
  /** Files larger than this many bytes are skipped; default 1048576 (1 MiB). */
  readonly maxFileBytes: number;
  /** Longest line text returned, in characters; default 400. */
  readonly maxLineChars: number;
  /** Output budget of one call, in approximate tokens (characters / 4); matches are dropped to fit. Default 8000. */
  readonly maxOutputTokens: number;
  /** Consecutive failures that open a tool's circuit breaker; default 5. */
  readonly breakerThreshold: number;
  /** Milliseconds an open breaker waits before letting one probe call through; default 30000. */
  readonly breakerHalfOpenAfterMs: number;
  /** The linters `toolkit.validate` may run, by name (the allow-list); default none. */
  readonly linters: Readonly<Record<string, ToolkitLinter>>;
}

/**
 * The toolkit plugin's options as a host writes them (every field has a default).
 * @public
 */
export interface ToolkitPluginOptionsInput {
  /** Workspace roots the tools are confined to (the allow-list); the first is the default. Default `['.']`. */
  readonly roots?: readonly (string | WorkspaceRootInput)[] | undefined;
  /** Search engine; default `auto`. */
  readonly engine?: ToolkitEngineChoice | undefined;
  /** The ripgrep executable; default `rg` from the tools folders ({@link resolveToolPath}), else from `PATH`. */
  readonly ripgrepPath?: string | undefined;
  /** Time limit of one tool call, in ms; default 10000. */
  readonly timeoutMs?: number | undefined;
  /** How long a stopped ripgrep gets between SIGTERM and SIGKILL, in ms; default 2000. */
  readonly killGraceMs?: number | undefined;
  /** Matches per pattern when a call does not say; default 100 (a call may ask for up to 1000). */
  readonly maxResults?: number | undefined;
  /** Files larger than this many bytes are skipped; default 1048576 (1 MiB). */
  readonly maxFileBytes?: number | undefined;
  /** Longest line text returned, in characters; default 400. */
  readonly maxLineChars?: number | undefined;
  /** Output budget of one call, in approximate tokens (characters / 4); matches are dropped to fit. Default 8000. */
  readonly maxOutputTokens?: number | undefined;
  /** Consecutive failures that open a tool's circuit breaker; default 5. */
  readonly breakerThreshold?: number | undefined;
  /** Milliseconds an open breaker waits before letting one probe call through; default 30000. */
  readonly breakerHalfOpenAfterMs?: number | undefined;
  /** The linters `toolkit.validate` may run, by name (the allow-list); default none. */
  readonly linters?: Readonly<Record<string, ToolkitLinter>> | undefined;
}
