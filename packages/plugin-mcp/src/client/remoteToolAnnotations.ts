import type { ToolAnnotations } from '@cortex-os/kernel';
import type { Tool } from '@modelcontextprotocol/client';

// Each hint's value when the remote says nothing, as MCP clients assume: the cautious one.
const cautious = { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } as const;

/**
 * The annotations an imported remote tool carries in the registry. From a trusted server, every
 * hint it declares. From any other, only the hints that ask for more care than the default: MCP
 * says a client must not base decisions on an untrusted server's annotations, and here they decide
 * real things — a durable task re-runs an in-flight call after a crash only when the tool is
 * idempotent, so an untrusted `idempotentHint: true` must not buy a silent re-run.
 */
export function remoteToolAnnotations(annotations: Tool['annotations'], trusted: boolean): ToolAnnotations | undefined {
  if (annotations === undefined) return undefined;
  const kept: Record<string, string | boolean> = {};
  if (annotations.title !== undefined) kept['title'] = annotations.title;
  for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
    const value = annotations[hint];
    if (value === undefined) continue;
    if (trusted || value === cautious[hint]) kept[hint] = value;
  }
  return Object.keys(kept).length === 0 ? undefined : (kept as ToolAnnotations);
}
