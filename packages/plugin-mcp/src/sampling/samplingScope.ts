import { AsyncLocalStorage } from 'node:async_hooks';
import type { McpSampler } from './McpSampler.js';

// Async-context scoped, like a trace context: a model call made anywhere inside a tool handler
// (directly, or through the router and an agent loop) finds the client of that very call, and
// two concurrent calls from different clients never see each other's.
const scope = new AsyncLocalStorage<McpSampler>();

/** Runs `fn` with `sampler` as the sampling client of everything it awaits. */
export function runWithMcpSampler<T>(sampler: McpSampler, fn: () => T): T {
  return scope.run(sampler, fn);
}

/** The sampling client of the MCP tool call the caller runs inside, if any. */
export function currentMcpSampler(): McpSampler | undefined {
  return scope.getStore();
}
