/**
 * Limits on the 2025-era sessions of the Streamable HTTP endpoint, per endpoint and per client
 * address. The defaults leave room for the official conformance run and for many clients behind
 * one loopback proxy, while a flood of throwaway `initialize` calls from one address is refused.
 * @public
 */
export interface McpSessionLimits {
  /** Most sessions; the longest-idle one that is not busy is evicted beyond it (503 when all are busy). Default 10,000. */
  readonly maxSessions?: number;
  /** Most sessions opened from one client address (429 beyond). Default 1,000. */
  readonly maxSessionsPerClient?: number;
  /** Most open GET streams from one client address (429 beyond). Default 100. */
  readonly maxStreamsPerClient?: number;
  /**
   * `initialize` calls one client address may make: a burst, then so many per second (429 with
   * `Retry-After` beyond); `false` turns the limit off. Default `{ perSecond: 10, burst: 100 }`.
   */
  readonly initializeRate?: { readonly perSecond: number; readonly burst: number } | false;
}

/** The limits with their defaults filled in (internal). */
export interface McpSessionLimitSettings {
  readonly maxSessions: number;
  readonly maxSessionsPerClient: number;
  readonly maxStreamsPerClient: number;
  readonly initializeRate: { readonly perSecond: number; readonly burst: number } | false;
}

/** Fills in the defaults of {@link McpSessionLimits} (internal). */
export function sessionLimitSettings(limits: McpSessionLimits): McpSessionLimitSettings {
  return {
    maxSessions: limits.maxSessions ?? 10_000,
    maxSessionsPerClient: limits.maxSessionsPerClient ?? 1_000,
    maxStreamsPerClient: limits.maxStreamsPerClient ?? 100,
    initializeRate: limits.initializeRate ?? { perSecond: 10, burst: 100 },
  };
}
