import { defineTool, type ToolDefinition } from '@cortex-os/kernel';
import type { z } from 'zod';
import {
  type A2aRemoteToolInput,
  type A2aRemoteToolOutput,
  a2aRemoteToolInputSchema,
  a2aRemoteToolOutputSchema,
} from './createA2aRemoteTool.js';

type RemoteTool = ToolDefinition<z.ZodType<A2aRemoteToolInput>, z.ZodType<A2aRemoteToolOutput>>;

/** What {@link lazyA2aRemoteTool} needs. */
export interface LazyA2aRemoteToolOptions {
  /** The tool is named `a2a.<name>`. */
  readonly name: string;
  /** The agent's base URL, named in the default description. */
  readonly url: string;
  /** The tool's description (the card's is not known before the first call). */
  readonly description?: string | undefined;
  /** Reads the card and builds the real tool. */
  readonly build: () => Promise<RemoteTool>;
}

/**
 * The tool `a2a.<name>` of a remote agent whose card is read at its first call rather than at the
 * runtime's start — what lets two runtimes import each other, since one of them must start before
 * the other listens. The real tool is built once (so its breaker keeps its state); a failed read is
 * not kept, and the next call reads the card again.
 */
export function lazyA2aRemoteTool(options: LazyA2aRemoteToolOptions): RemoteTool {
  let built: Promise<RemoteTool> | undefined;
  const tool = (): Promise<RemoteTool> => {
    built ??= options.build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
  return defineTool({
    name: `a2a.${options.name}`,
    description: options.description ?? `Remote A2A agent "${options.name}" at ${options.url} (its card is read at the first call).`,
    input: a2aRemoteToolInputSchema,
    output: a2aRemoteToolOutputSchema,
    annotations: { openWorldHint: true },
    handler: async (input, context) => (await tool()).handler(input, context),
  });
}
