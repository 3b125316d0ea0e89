import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The message metadata key that carries how deep in a chain of A2A delegations a message is:
 * 1 for a message sent by a runtime's agent that was not itself run for an A2A task, n + 1 for one
 * sent while running an A2A task whose message said n. Runtimes that delegate to each other (A → B
 * → A …) are bounded by it (`a2aServerPlugin({ maxDelegationDepth })`).
 * @public
 */
export const a2aDelegationDepthKey = 'cortexDelegationDepth';

// The depth of the A2A task whose agent run is executing: carried by the async context, since the
// remote agent tool is called through the agent loop and the tool registry, which pass no A2A state on.
const depthStorage = new AsyncLocalStorage<number>();

/** Runs `fn` as the run of an A2A task at `depth`: remote agent tools it calls send `depth + 1`. */
export function runAtA2aDepth<T>(depth: number, fn: () => T): T {
  return depthStorage.run(depth, fn);
}

/** The depth a message sent now carries: one more than the A2A task being run, or 1 outside any. */
export function nextA2aDepth(): number {
  return (depthStorage.getStore() ?? 0) + 1;
}

/** The depth a message's metadata states; 0 (a first message) when absent or not a non-negative integer. */
export function a2aDepthOf(metadata: Readonly<Record<string, unknown>> | undefined): number {
  const value = metadata?.[a2aDelegationDepthKey];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}
