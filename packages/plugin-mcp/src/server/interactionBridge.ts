import type { ToolCallerCapabilities } from '@cortex-os/kernel';
import {
  inputRequired,
  type CreateMessageRequestParams,
  type InputRequest,
  type InputRequiredResult,
  type Server,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { McpSampler } from '../sampling/McpSampler.js';

type SampleRequest = Parameters<NonNullable<ToolCallerCapabilities['sample']>>[0];

/** Thrown inside a handler on the 2026-07-28 era when it needs an answer the client has not given yet. */
export class InputNeededSignal extends Error {
  constructor(
    readonly key: string,
    readonly request: InputRequest,
  ) {
    super(`The client must answer input request "${key}" first.`);
    this.name = 'InputNeededSignal';
  }
}

/** Finds an {@link InputNeededSignal} in an error's cause chain. */
export function findInputNeeded(error: unknown): InputNeededSignal | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (current instanceof InputNeededSignal) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What one tool call gets from {@link createInteractionBridge}. */
export interface InteractionBridge {
  /** Sampling and elicitation as the kernel's tool context offers them. */
  readonly capabilities: ToolCallerCapabilities;
  /** The client's model for the sampling provider; absent when the client declared no sampling. */
  readonly sampler: McpSampler | undefined;
  /**
   * Aborted with the {@link InputNeededSignal} when a 2026-07-28 handler asks a question: handed
   * to the handler as part of its signal, so a router between the handler and the sampler
   * stops at once instead of falling back to another provider.
   */
  readonly interrupted: AbortSignal;
  /** The question that ended this round, if one did. */
  pending(): InputNeededSignal | undefined;
  finish(signal: InputNeededSignal): InputRequiredResult;
}

/**
 * Lends sampling and elicitation to tool handlers.
 *
 * On 2025-era connections these are real server→client requests. The 2026-07-28 revision has no
 * server→client requests: a handler that asks for input ends its round with an `input_required`
 * result, and the client retries the call with the answers. We re-run the handler on each round
 * and replay the answers in call order (`sample-0`, `elicit-1`, …), so handlers keep the simple
 * `await ctx.sample(…)` shape. Side effects before the first question run once per round —
 * tools that ask should ask before they act. Earlier rounds' answers travel in `requestState`;
 * they are the client's own answers, so the state needs no integrity protection.
 */
export function createInteractionBridge(server: Server, ctx: ServerContext, era: 'legacy' | 'modern'): InteractionBridge {
  const clientCapabilities = server.getClientCapabilities() ?? {};
  const interrupt = new AbortController();
  // Decoded only when a handler asks for input (most calls never do).
  let decoded: Record<string, unknown> | undefined;
  const answers = (): Record<string, unknown> =>
    (decoded ??= { ...decodeState(ctx.mcpReq.requestState()), ...(ctx.mcpReq.inputResponses ?? {}) });
  let next = 0;
  const ask = (key: string, request: InputRequest): never => {
    const needed = new InputNeededSignal(key, request);
    interrupt.abort(needed);
    throw needed;
  };
  const requestSampling =
    era === 'legacy'
      ? (params: CreateMessageRequestParams, signal?: AbortSignal): Promise<unknown> =>
          ctx.mcpReq.requestSampling(params, { signal: signal ?? ctx.mcpReq.signal })
      : async (params: CreateMessageRequestParams): Promise<unknown> => {
          const key = `sample-${next++}`;
          return key in answers() ? answers()[key] : ask(key, inputRequired.createMessage(params));
        };
  const toSamplingParams = (request: SampleRequest) => ({
    messages: request.messages.map((m) => ({ role: m.role, content: { type: 'text' as const, text: m.text } })),
    maxTokens: request.maxTokens,
    ...(request.systemPrompt === undefined ? {} : { systemPrompt: request.systemPrompt }),
  });
  const fromSampling = (result: unknown): { text: string; model?: string } => {
    const r = result as { content?: unknown; model?: unknown };
    const blocks = Array.isArray(r.content) ? r.content : [r.content];
    const text = blocks
      .filter((b): b is { type: 'text'; text: string } => typeof b === 'object' && b !== null && (b as { type?: unknown }).type === 'text')
      .map((b) => b.text)
      .join('');
    return typeof r.model === 'string' ? { text, model: r.model } : { text };
  };
  const fromElicit = (result: unknown): { action: 'accept' | 'decline' | 'cancel'; content?: Record<string, unknown> } => {
    const r = result as { action?: unknown; content?: unknown };
    const action = r.action === 'accept' || r.action === 'decline' ? r.action : 'cancel';
    return typeof r.content === 'object' && r.content !== null ? { action, content: r.content as Record<string, unknown> } : { action };
  };

  const capabilities: { -readonly [K in keyof ToolCallerCapabilities]: ToolCallerCapabilities[K] } = {};
  let sampler: McpSampler | undefined;
  if (clientCapabilities.sampling !== undefined) {
    capabilities.sample = async (request) => fromSampling(await requestSampling(toSamplingParams(request)));
    sampler = {
      client: server.getClientVersion()?.name,
      tools: clientCapabilities.sampling.tools !== undefined,
      createMessage: requestSampling,
    };
  }
  if (clientCapabilities.elicitation !== undefined) {
    capabilities.elicit =
      era === 'legacy'
        ? async (request) =>
            fromElicit(
              await ctx.mcpReq.elicitInput(
                { message: request.message, requestedSchema: request.schema as never },
                { signal: ctx.mcpReq.signal },
              ),
            )
        : async (request) => {
            const key = `elicit-${next++}`;
            if (key in answers()) return fromElicit(answers()[key]);
            return ask(key, inputRequired.elicit({ message: request.message, requestedSchema: request.schema as never }));
          };
  }
  return {
    capabilities,
    sampler,
    interrupted: interrupt.signal,
    pending: () => (interrupt.signal.aborted ? (interrupt.signal.reason as InputNeededSignal) : undefined),
    finish: (signal) => inputRequired({ inputRequests: { [signal.key]: signal.request }, requestState: encodeState(answers()) }),
  };
}

function encodeState(answers: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(answers), 'utf8').toString('base64url');
}

function decodeState(state: unknown): Record<string, unknown> {
  if (typeof state !== 'string' || state === '') return {};
  try {
    const decoded: unknown = JSON.parse(Buffer.from(state, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
