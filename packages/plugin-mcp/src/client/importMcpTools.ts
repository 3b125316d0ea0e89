import { defineTool, toolResult, type ToolContent, type ToolRegistry } from '@cortex-os/kernel';
import type { CallToolResult, Tool } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { McpError } from '../errors/McpError.js';
import type { McpRemoteServer } from './McpRemoteServer.js';
import { remoteToolAnnotations } from './remoteToolAnnotations.js';

/**
 * Options of {@link importMcpTools}.
 * @public
 */
export interface ImportMcpToolsOptions {
  /** Prefix of the imported names (`<namespace>.<tool>`); default the remote's name. */
  readonly namespace?: string;
  /** Which remote tools to import; default all. */
  readonly filter?: (tool: Tool) => boolean;
  /**
   * Whether to believe the server's tool annotations. Untrusted (the default), only hints asking
   * for more care than the default are kept: its tools are then not read-only, not idempotent
   * (a durable task never re-runs their in-flight calls silently), destructive and open-world.
   * @defaultValue `false`
   */
  readonly trusted?: boolean;
}

/**
 * The remote tools imported into a registry.
 * @public
 */
export interface ImportedMcpTools {
  /** Imported names, sorted. */
  readonly names: readonly string[];
  /** Re-reads the remote's tool list and adds or removes tools to match. */
  refresh(): Promise<void>;
  /** Removes every imported tool. */
  remove(): void;
}

/**
 * Imports a remote MCP server's tools into a tool registry under a namespace (`everything.echo`),
 * so local callers, REST and the MCP server see them. Input is validated against the remote's
 * JSON Schema before the call leaves; progress and cancellation travel to the remote.
 * @example
 * ```ts
 * const imported = await importMcpTools(everything, kernel.tools, { namespace: 'everything' });
 * await kernel.tools.call('everything.echo', { message: 'hi' });
 * ```
 * @public
 */
export async function importMcpTools(
  remote: McpRemoteServer,
  tools: ToolRegistry,
  options: ImportMcpToolsOptions = {},
): Promise<ImportedMcpTools> {
  const namespace = options.namespace ?? remote.name;
  const imported = new Map<string, () => void>();

  const sync = async (): Promise<void> => {
    const remoteTools = (await remote.listTools()).filter((t) => options.filter?.(t) ?? true);
    const wanted = new Map(remoteTools.map((t) => [`${namespace}.${t.name}`, t]));
    for (const [name, removeTool] of imported) {
      if (!wanted.has(name)) {
        removeTool();
        imported.delete(name);
      }
    }
    for (const [name, tool] of wanted) {
      if (imported.has(name) || tools.has(name)) continue;
      imported.set(name, tools.register(toKernelTool(remote, name, tool, options.trusted ?? false)));
    }
  };
  await sync();
  return {
    get names() {
      return [...imported.keys()].sort();
    },
    refresh: sync,
    remove() {
      for (const removeTool of imported.values()) removeTool();
      imported.clear();
    },
  };
}

function toKernelTool(remote: McpRemoteServer, name: string, tool: Tool, trusted: boolean) {
  let input: z.ZodType;
  try {
    input = z.fromJSONSchema(tool.inputSchema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    input = z.record(z.string(), z.unknown());
  }
  const annotations = remoteToolAnnotations(tool.annotations, trusted);
  return defineTool({
    name,
    description: tool.description ?? tool.title ?? `${tool.name} on MCP server "${remote.name}".`,
    input,
    ...(annotations === undefined ? {} : { annotations }),
    async handler(args, ctx) {
      const result = await remote.callTool(tool.name, (args ?? {}) as Record<string, unknown>, {
        signal: ctx.signal,
        onProgress: (p) => ctx.reportProgress(p),
      });
      const content = fromMcpContent(result);
      if (result.isError === true) {
        const text = content
          .filter((c): c is { type: 'text'; text: string } => c.type === 'text')
          .map((c) => c.text)
          .join('\n');
        throw new McpError(
          'MCP_CLIENT_TOOL_ERROR',
          `Remote tool "${tool.name}" on "${remote.name}" reported an error: ${text || 'no message'}`,
          { details: { server: remote.name, tool: tool.name } },
        );
      }
      return toolResult({ content, ...(result.structuredContent === undefined ? {} : { structured: result.structuredContent }) });
    },
  });
}

function fromMcpContent(result: CallToolResult): ToolContent[] {
  const out: ToolContent[] = [];
  for (const block of result.content ?? []) {
    switch (block.type) {
      case 'text':
        out.push({ type: 'text', text: block.text });
        break;
      case 'image':
      case 'audio':
        out.push({ type: block.type, data: block.data, mimeType: block.mimeType });
        break;
      case 'resource_link':
        out.push({
          type: 'resource_link',
          uri: block.uri,
          name: block.name,
          ...(block.mimeType === undefined ? {} : { mimeType: block.mimeType }),
          ...(block.description === undefined ? {} : { description: block.description }),
        });
        break;
      case 'resource': {
        const r = block.resource;
        if ('text' in r && typeof r.text === 'string') out.push({ type: 'text', text: r.text });
        else out.push({ type: 'resource_link', uri: r.uri, name: r.uri, ...(r.mimeType === undefined ? {} : { mimeType: r.mimeType }) });
        break;
      }
      default:
        break;
    }
  }
  return out;
}
