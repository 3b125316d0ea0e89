import {
  CortexError,
  KernelError,
  mcpErrorTreatment,
  toError,
  toRemoteErrorView,
  type Logger,
  type PromptRegistry,
  type ResourceRegistry,
  type ToolCallResult,
  type ToolDescriptor,
  type ToolProgress,
  type ToolRegistry,
} from '@cortex-os/kernel';
import {
  ProtocolError,
  type Server,
  type CallToolRequest,
  type CallToolResult,
  type CompleteRequest,
  type InputRequiredResult,
  type McpRequestContext,
  type ServerCapabilities,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { runWithMcpSampler } from '../sampling/samplingScope.js';
import type { McpTaskReceiver } from '../tasks/McpTaskReceiver.js';
import { mcpToolCaller } from './mcpToolCaller.js';
import { McpTaskServer } from './McpTaskServer.js';
import { createMcpTask, legacyCreatedTask, mcpTasksCapability, serveMcpTasks } from './serveMcpTasks.js';
import { clientDeclaresTasks, extensionCreatedTask, mcpTasksExtensionId, serveMcpTasksExtension } from './serveMcpTasksExtension.js';
import { createInteractionBridge, findInputNeeded } from './interactionBridge.js';
import { promptContentToMcp, toMcpContent } from './toMcpContent.js';

/**
 * What an MCP server built from the kernel serves.
 * @public
 */
export interface McpServerSources {
  /** The kernel's tool registry (`kernel.tools`, or `tools` in a plugin hook). */
  readonly tools: ToolRegistry;
  /** The resources and templates to serve (`resources/*`); without it the server offers no resources. */
  readonly resources?: ResourceRegistry;
  /** The prompts to serve (`prompts/*`); without it the server offers no prompts. */
  readonly prompts?: PromptRegistry;
  /** Server name reported to clients; default `cortex-os`. */
  readonly name?: string;
  /** Server version reported to clients; default `0.0.0`. */
  readonly version?: string;
  /** Instructions sent to clients in the initialize result (how to use this server). */
  readonly instructions?: string;
  /** Send resource links that the resource registry serves as embedded resources; default false. */
  readonly embedLinkedResources?: boolean;
  /** Where protocol-level failures are logged (never stdout). */
  readonly logger?: Logger;
  /**
   * Runs the tool calls it accepts as durable tasks for clients of the 2025-11-25 protocol that
   * ask for a task (`tools/call` with `task`), and answers `tasks/get`, `tasks/result`,
   * `tasks/list` and `tasks/cancel`; without it the server offers no tasks.
   */
  readonly tasks?: McpTaskReceiver;
}

/**
 * Builds one SDK `Server` per client or per request from the kernel's registries, and fans
 * registry changes out to the long-lived instances (stdio connections, 2025-era HTTP sessions).
 */
export class McpServerCore {
  readonly #sources: McpServerSources;
  readonly #live = new Set<Server>();
  readonly #subscriptions = new WeakMap<Server, Set<string>>();
  readonly #changeListeners = new Set<(kind: 'tools' | 'resources' | 'prompts') => void>();
  readonly #disposers: (() => void)[] = [];
  readonly #capabilities: ServerCapabilities;
  #indexedList: readonly ToolDescriptor[] | undefined;
  #descriptors = new Map<string, ToolDescriptor>();

  constructor(sources: McpServerSources) {
    this.#sources = sources;
    this.#capabilities = {
      tools: { listChanged: true },
      logging: {},
      ...(sources.resources === undefined ? {} : { resources: { subscribe: true, listChanged: true } }),
      ...(sources.prompts === undefined ? {} : { prompts: { listChanged: true } }),
      ...(sources.resources === undefined && sources.prompts === undefined ? {} : { completions: {} }),
    };
    this.#disposers.push(sources.tools.onChange(() => this.#broadcast('tools')));
    if (sources.resources !== undefined) {
      this.#disposers.push(sources.resources.onChange(() => this.#broadcast('resources')));
      this.#disposers.push(sources.resources.onUpdated((uri) => this.#resourceUpdated(uri)));
    }
    if (sources.prompts !== undefined) this.#disposers.push(sources.prompts.onChange(() => this.#broadcast('prompts')));
  }

  /** Number of long-lived instances currently connected. */
  get liveInstances(): number {
    return this.#live.size;
  }

  /** Listens for list changes (used by the modern HTTP leg, which notifies through `subscriptions/listen`). */
  onListChanged(listener: (kind: 'tools' | 'resources' | 'prompts') => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** Stops listening to the registries. */
  dispose(): void {
    for (const dispose of this.#disposers.splice(0)) dispose();
    this.#changeListeners.clear();
  }

  /**
   * A fresh server instance. `persistent` instances (one connection or session) receive
   * list-changed and resource-updated notifications until they close.
   */
  create(context: Pick<McpRequestContext, 'era'>, persistent: boolean): Server {
    const sources = this.#sources;
    // MCP tasks are the 2025-11-25 protocol's; the 2026-07-28 one moved them to the Tasks extension.
    const { tasks } = sources;
    const legacy = context.era === 'legacy';
    const capabilities =
      tasks === undefined
        ? this.#capabilities
        : legacy
          ? { ...this.#capabilities, tasks: mcpTasksCapability }
          : { ...this.#capabilities, extensions: { [mcpTasksExtensionId]: {} } };
    const server = new McpTaskServer(
      { name: sources.name ?? 'cortex-os', version: sources.version ?? '0.0.0' },
      { capabilities, ...(sources.instructions === undefined ? {} : { instructions: sources.instructions }) },
    );
    server.setRequestHandler('tools/list', () => ({
      tools: sources.tools.list().map((t) => toMcpTool(t, legacy && tasks?.accepts(t.name) === true)),
    }));
    const callerOf = (ctx: ServerContext) => mcpToolCaller(ctx.http?.authInfo, server.getClientVersion()?.name);
    server.setRequestHandler('tools/call', (request, ctx) => {
      const { name, task } = request.params;
      // 2025-11-25: the client asks for a task; 2026-07-28: the server decides, for a client that speaks the extension.
      const asTask = legacy ? task !== undefined : clientDeclaresTasks(server.getClientCapabilities());
      if (tasks === undefined || !asTask || !tasks.accepts(name)) return this.#callTool(server, context.era, request.params, ctx);
      const call = { tool: name, args: request.params.arguments ?? {}, caller: callerOf(ctx) };
      return createMcpTask(tasks, call, legacy ? legacyCreatedTask : extensionCreatedTask);
    });
    if (tasks !== undefined) (legacy ? serveMcpTasks : serveMcpTasksExtension)(server, tasks, callerOf);
    if (sources.resources !== undefined) this.#serveResources(server, sources.resources);
    if (sources.prompts !== undefined) this.#servePrompts(server, sources.prompts);
    if (sources.resources !== undefined || sources.prompts !== undefined) {
      server.setRequestHandler('completion/complete', (request) => this.#complete(request.params));
    }
    if (persistent) {
      this.#live.add(server);
      const previous = server.onclose;
      server.onclose = () => {
        this.#live.delete(server);
        previous?.();
      };
    }
    server.onerror = (error) => sources.logger?.debug({ err: error }, 'MCP protocol error');
    return server;
  }

  async #callTool(
    server: Server,
    era: McpRequestContext['era'],
    params: CallToolParams,
    ctx: ServerContext,
  ): Promise<CallToolResult | InputRequiredResult> {
    const { name } = params;
    const { resources, embedLinkedResources } = this.#sources;
    const progressToken = params._meta?.progressToken;
    const bridge = createInteractionBridge(server, ctx, era);
    const caller = mcpToolCaller(ctx.http?.authInfo, server.getClientVersion()?.name);
    try {
      const call = (): Promise<ToolCallResult> =>
        this.#sources.tools.call(name, params.arguments ?? {}, {
          caller,
          signal: AbortSignal.any([ctx.mcpReq.signal, bridge.interrupted]),
          ...(progressToken === undefined ? {} : { onProgress: (p) => sendProgress(ctx, progressToken, p) }),
          onLog: (level, data) => void ctx.mcpReq.log(level, data, name).catch(() => undefined),
          ...bridge.capabilities,
        });
      const result = await (bridge.sampler === undefined ? call() : runWithMcpSampler(bridge.sampler, call));
      const content =
        result.content.length === 0 ? [] : await toMcpContent(result.content, resources, embedLinkedResources === true, ctx.mcpReq.signal);
      // Spec: a tool returning structured content SHOULD also return it serialised in a text block.
      if (content.length === 0 && result.structured !== undefined) content.push({ type: 'text', text: JSON.stringify(result.structured) });
      const callResult: CallToolResult = {
        content,
        ...(result.structured === undefined ? {} : { structuredContent: result.structured as Record<string, unknown> }),
      };
      return server.projectCallToolResult(callResult, this.#descriptor(name)?.outputSchema);
    } catch (thrown) {
      // A handler may wrap or swallow the signal (a router's aggregate error, say): the bridge remembers it.
      const needed = findInputNeeded(thrown) ?? bridge.pending();
      if (needed !== undefined) return bridge.finish(needed);
      return this.#toolFailure(name, thrown);
    }
  }

  /**
   * A failed call as the kernel's MCP table says: an `isError` result with what the caller may
   * see, a protocol error for an unknown tool, nothing for a cancelled call (the SDK sends no
   * response once the client cancelled; a call the server cancelled gets a protocol error).
   */
  #toolFailure(name: string, thrown: unknown): CallToolResult {
    const error = CortexError.is(thrown)
      ? thrown
      : new KernelError('TOOL_EXECUTION_FAILED', `Tool "${name}" failed: ${toError(thrown).message}`, {
          details: { tool: name },
          cause: thrown,
        });
    const view = toRemoteErrorView(error);
    const treatment = mcpErrorTreatment[view.kind];
    const text = view.text ?? view.title;
    if ((treatment.unknownTool !== undefined && this.#descriptor(name) === undefined) || treatment.toolCall === 'no-result') {
      throw new ProtocolError(treatment.protocolCode, text, { tool: name, code: view.code });
    }
    return { isError: true, content: [{ type: 'text', text }], _meta: { 'cortex-os/errorCode': view.code } };
  }

  #serveResources(server: Server, resources: ResourceRegistry): void {
    const subscribed = new Set<string>();
    this.#subscriptions.set(server, subscribed);
    server.setRequestHandler('resources/list', () => ({ resources: resources.list().map((r) => ({ ...r })) }));
    server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: resources.listTemplates().map((t) => ({ ...t })) }));
    server.setRequestHandler('resources/read', async (request, ctx) => {
      const { uri } = request.params;
      try {
        return { contents: (await resources.read(uri, { signal: ctx.mcpReq.signal })).map((c) => ({ ...c })) };
      } catch (thrown) {
        throw toProtocolError(
          thrown,
          () => new KernelError('RESOURCE_READ_FAILED', `Reading resource "${uri}" failed.`, { cause: thrown }),
          {
            uri,
          },
        );
      }
    });
    server.setRequestHandler('resources/subscribe', (request) => {
      subscribed.add(request.params.uri);
      return {};
    });
    server.setRequestHandler('resources/unsubscribe', (request) => {
      subscribed.delete(request.params.uri);
      return {};
    });
  }

  #servePrompts(server: Server, prompts: PromptRegistry): void {
    server.setRequestHandler('prompts/list', () => ({
      prompts: prompts.list().map((p) => ({ ...p, arguments: p.arguments.map((a) => ({ ...a })) })),
    }));
    server.setRequestHandler('prompts/get', async (request, ctx) => {
      const { name } = request.params;
      try {
        const rendered = await prompts.get(name, request.params.arguments ?? {}, { signal: ctx.mcpReq.signal });
        return {
          ...(rendered.description === undefined ? {} : { description: rendered.description }),
          messages: rendered.messages.map((m) => ({ role: m.role, content: promptContentToMcp(m.content) })),
        };
      } catch (thrown) {
        throw toProtocolError(thrown, () => new KernelError('PROMPT_RENDER_FAILED', `Prompt "${name}" failed.`, { cause: thrown }), {
          prompt: name,
        });
      }
    });
  }

  async #complete(params: CompleteParams): Promise<{ completion: { values: string[]; total: number; hasMore: boolean } }> {
    const { resources, prompts } = this.#sources;
    const { ref, argument } = params;
    const context = { arguments: params.context?.arguments ?? {} };
    let values: readonly string[] = [];
    if (ref.type === 'ref/prompt' && prompts !== undefined)
      values = await prompts.complete(ref.name, argument.name, argument.value, context);
    if (ref.type === 'ref/resource' && resources !== undefined)
      values = await resources.complete(ref.uri, argument.name, argument.value, context);
    // The spec caps a completion page at 100 values.
    return { completion: { values: values.slice(0, 100), total: values.length, hasMore: values.length > 100 } };
  }

  /** Closes every long-lived instance. */
  async closeAll(): Promise<void> {
    await Promise.allSettled([...this.#live].map((s) => s.close()));
    this.#live.clear();
  }

  /** A tool's descriptor by name, from an index rebuilt only when the registry's list changes (calls stay O(1) with many tools). */
  #descriptor(name: string): ToolDescriptor | undefined {
    const list = this.#sources.tools.list();
    if (list !== this.#indexedList) {
      this.#indexedList = list;
      this.#descriptors = new Map(list.map((t) => [t.name, t]));
    }
    return this.#descriptors.get(name);
  }

  #broadcast(kind: 'tools' | 'resources' | 'prompts'): void {
    for (const server of this.#live) {
      const send =
        kind === 'tools'
          ? server.sendToolListChanged()
          : kind === 'resources'
            ? server.sendResourceListChanged()
            : server.sendPromptListChanged();
      send.catch(() => undefined);
    }
    for (const listener of this.#changeListeners) listener(kind);
  }

  #resourceUpdated(uri: string): void {
    for (const server of this.#live) {
      if (this.#subscriptions.get(server)?.has(uri) === true) server.sendResourceUpdated({ uri }).catch(() => undefined);
    }
  }
}

type CallToolParams = CallToolRequest['params'];
type CompleteParams = CompleteRequest['params'];

/** A kernel tool as MCP lists it; `asTask`: the task receiver accepts it, so a client may call it as a task. */
function toMcpTool(t: ToolDescriptor, asTask = false): Tool {
  return {
    name: t.name,
    description: t.description,
    inputSchema: t.inputSchema as { type: 'object' },
    ...(t.outputSchema === undefined ? {} : { outputSchema: t.outputSchema as { type: 'object' } }),
    ...(t.annotations === undefined ? {} : { annotations: { ...t.annotations } }),
    ...(asTask ? { execution: { taskSupport: 'optional' as const } } : {}),
  };
}

function sendProgress(ctx: ServerContext, progressToken: string | number, p: ToolProgress): void {
  ctx.mcpReq
    .notify({
      method: 'notifications/progress',
      params: {
        progressToken,
        progress: p.progress,
        ...(p.total === undefined ? {} : { total: p.total }),
        ...(p.message === undefined ? {} : { message: p.message }),
      },
    })
    .catch(() => undefined);
}

/** A failed request other than a tool call, as the JSON-RPC error the kernel's MCP table gives its kind. */
function toProtocolError(thrown: unknown, fallback: () => CortexError, data: Readonly<Record<string, string>>): ProtocolError {
  const error = CortexError.is(thrown) ? thrown : fallback();
  const view = toRemoteErrorView(error);
  return new ProtocolError(mcpErrorTreatment[view.kind].protocolCode, view.text ?? view.title, { ...data, code: view.code });
}
