/**
 * A long-lived response registered with the {@link HttpService} (`trackStream`): an MCP GET
 * stream, a task event stream, a WebSocket, an A2A stream. When the server begins to close it
 * ends every tracked stream, before it waits for the requests in flight — an open stream would
 * otherwise hold the drain until its deadline.
 * @public
 */
export interface HttpTrackedStream {
  /** What the stream is, for logs (`MCP GET stream`). */
  readonly description: string;
  /**
   * Ends the stream: sends a final event first where the protocol has one, then ends the
   * response. Called at most once, when the server starts closing (or at once when the stream
   * is tracked after that); a throw or rejection is logged and the server goes on closing.
   */
  end(): void | Promise<void>;
}

/**
 * What a drain achieved ({@link HttpService.shutdown}).
 * @public
 */
export interface HttpShutdownReport {
  /** `drained`: every request in flight completed; `deadline`: the drain deadline cut the rest. */
  readonly outcome: 'drained' | 'deadline';
  /** Requests still in flight when the deadline cut their connections; 0 when drained. */
  readonly cut: number;
  /** Tracked streams told to end. */
  readonly streamsEnded: number;
}
