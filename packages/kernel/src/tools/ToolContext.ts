/**
 * Progress a handler reports during a long call.
 * @public
 */
export interface ToolProgress {
  /** Work done so far, in any unit; it should grow with each report. */
  readonly progress: number;
  /** Total work in the same unit, when known. */
  readonly total?: number;
  /** What is happening now, in plain words. */
  readonly message?: string;
}

/**
 * Log levels a handler can send to its caller (MCP's syslog levels).
 * @public
 */
export type ToolLogLevel = 'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/**
 * Who is calling a tool, as the transport knows it.
 * @public
 */
export interface ToolCaller {
  /** `in-process`, `rest`, `mcp` or a custom transport name. */
  readonly transport: string;
  /** An authenticated principal or client name, when known. */
  readonly id?: string;
  /**
   * What the caller's credential grants (a bearer token's scopes, e.g. `tasks:admin`), when its
   * transport knows: REST and MCP pass the token's scopes; host code in-process may pass its own.
   */
  readonly scopes?: readonly string[];
}

/**
 * Optional abilities a transport lends to handlers (MCP sampling and elicitation, say).
 * @public
 */
export interface ToolCallerCapabilities {
  /** Asks the caller's model to generate; present when the transport supports sampling. */
  readonly sample?: (request: {
    readonly messages: readonly { readonly role: 'user' | 'assistant'; readonly text: string }[];
    readonly maxTokens: number;
    readonly systemPrompt?: string;
  }) => Promise<{ readonly text: string; readonly model?: string }>;
  /** Asks the human behind the caller for structured input; present when the transport supports elicitation. */
  readonly elicit?: (request: {
    readonly message: string;
    readonly schema: Readonly<Record<string, unknown>>;
  }) => Promise<{ readonly action: 'accept' | 'decline' | 'cancel'; readonly content?: Readonly<Record<string, unknown>> }>;
}

/**
 * What a handler receives besides its input.
 * @public
 */
export interface ToolContext extends ToolCallerCapabilities {
  /** Name of the tool being called. */
  readonly toolName: string;
  /** Aborted when the caller cancels or a time limit is hit; handlers must stop promptly. */
  readonly signal: AbortSignal;
  /** The correlation id of the call; logs and events inside it carry it too. */
  readonly correlationId: string;
  /** Who is calling, as the transport knows it. */
  readonly caller: ToolCaller;
  /** Sends progress to the caller; a no-op when the caller did not ask for progress. */
  reportProgress(progress: ToolProgress): void;
  /** Sends a log message to the caller at `level`; a no-op when the caller did not ask for logs. */
  log(level: ToolLogLevel, data: unknown): void;
}
