import type { ToolCallerCapabilities } from '@cortex-os/kernel';
import { inputRequired, type InputRequest, type InputRequiredResult, type Server, type ServerContext } from '@modelcontextprotocol/server';

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
export function createInteractionBridge(
  server: Server,
  ctx: ServerContext,
  era: 'legacy' | 'modern',
): { readonly capabilities: ToolCallerCapabilities; finish(signal: InputNeededSignal): InputRequiredResult } {
  const clientCapabilities = server.getClientCapabilities() ?? {};
  // Decoded only when a handler asks for input (most calls never do).
  let decoded: Record<string, unknown> | undefined;
  const answers = (): Record<string, unknown> =>
    (decoded ??= { ...decodeState(ctx.mcpReq.requestState()), ...(ctx.mcpReq.inputResponses ?? {}) });
  let next = 0;
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
  if (clientCapabilities.sampling !== undefined) {
    capabilities.sample =
      era === 'legacy'
        ? async (request) => fromSampling(await ctx.mcpReq.requestSampling(toSamplingParams(request), { signal: ctx.mcpReq.signal }))
        : async (request) => {
            const key = `sample-${next++}`;
            if (key in answers()) return fromSampling(answers()[key]);
            throw new InputNeededSignal(key, inputRequired.createMessage(toSamplingParams(request)));
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
            throw new InputNeededSignal(key, inputRequired.elicit({ message: request.message, requestedSchema: request.schema as never }));
          };
  }
  return {
    capabilities,
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
