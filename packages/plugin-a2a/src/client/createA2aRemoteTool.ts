import { CortexError, defineTool, redactRemoteText, type ToolContext, type ToolDefinition, toolResult } from '@cortex-os/kernel';
import {
  createResiliencePolicy,
  type ResilienceBreakerOptions,
  type ResiliencePolicy,
  type ResilienceRetryOptions,
} from '@cortex-os/kernel/resilience';
import { z } from 'zod';
import type { AgentCard } from '../card/parseAgentCard.js';
import { selectA2aInterface } from '../card/selectA2aInterface.js';
import { a2aDelegationDepthKey, nextA2aDepth } from '../delegation/a2aDelegationDepth.js';
import { A2aError } from '../errors/A2aError.js';
import { cancelRemoteTasks, type RemoteTaskTrace } from './cancelRemoteTasks.js';
import { A2aJsonRpcClient } from '../protocol/A2aJsonRpcClient.js';
import { type A2aTaskView, foldA2aEvent, readA2aResult } from '../protocol/A2aTaskView.js';

/**
 * Options of {@link createA2aRemoteTool}.
 * @public
 */
export interface A2aRemoteToolOptions {
  /** The tool is named `a2a.<name>`: 1–64 letters, digits, `_` or `-`. */
  readonly name: string;
  /** The remote agent's card (from `AgentCardCache` or `parseAgentCard`). */
  readonly card: AgentCard;
  /** How long one call may take, in milliseconds (default 60 000); the request is aborted after. */
  readonly timeoutMs?: number;
  /** The fetch implementation (default the global `fetch`). */
  readonly fetch?: typeof fetch;
  /**
   * Retries (default 3 attempts, 50 ms to 1 s apart). Only failures where the request surely did
   * not start a task are retried — a refused connection, HTTP 503 — since a message sent twice
   * may run twice. `false` turns retries off.
   */
  readonly retry?: ResilienceRetryOptions | false;
  /**
   * The remote's circuit breaker (default: open after 5 consecutive `A2A_REMOTE_FAILED` or
   * `A2A_TIMEOUT`, half-open after 30 s); while open, calls fail at once with
   * `RESILIENCE_CIRCUIT_OPEN`. `false` turns it off.
   */
  readonly breaker?: ResilienceBreakerOptions | false;
  /**
   * When a call is abandoned — past `timeoutMs`, or canceled by its caller — ask the remote agent
   * to cancel the task it started (A2A `CancelTask`), so it does not run on (default true). The
   * task is known from the first streamed event, or for a blocking v1.0 call found with
   * `ListTasks` in the call's context; a blocking 0.3 call's task cannot be found.
   */
  readonly cancelOnAbort?: boolean | undefined;
  /** How long that cancel may take, in milliseconds (default 5 000). */
  readonly cancelTimeoutMs?: number | undefined;
  /** Headers sent with every JSON-RPC request, e.g. `{ authorization: 'Bearer …' }` for an agent whose card requires a bearer token. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The remote is unhealthy (down, broken answers, too slow), not merely refusing one request. */
function isRemoteFailure(error: unknown): boolean {
  return CortexError.is(error, 'A2A_REMOTE_FAILED') || CortexError.is(error, 'A2A_TIMEOUT');
}

function remotePolicy(options: A2aRemoteToolOptions): ResiliencePolicy {
  return createResiliencePolicy({
    name: `a2a:${options.name}`,
    retry: options.retry === false ? false : { maxAttempts: 3, initialDelayMs: 50, maxDelayMs: 1000, ...options.retry },
    breaker: options.breaker === false ? false : { threshold: 5, halfOpenAfterMs: 30_000, isFailure: isRemoteFailure, ...options.breaker },
  });
}

/**
 * The input of a remote agent tool.
 * @public
 */
export interface A2aRemoteToolInput {
  /** The message to send. */
  readonly input: string;
  /** One of the card's skill ids, sent as `metadata.skillId`. */
  readonly skill?: string | undefined;
  /** A remote context id from an earlier result, to continue that conversation. */
  readonly contextId?: string | undefined;
}

/**
 * The structured output of a remote agent tool (see `A2aTaskView`).
 * @public
 */
export interface A2aRemoteToolOutput {
  /** The task's state in 0.3 spelling (`completed`, `input-required`, …). */
  readonly state: string;
  /** The artifacts' text, or the final status message's. */
  readonly text: string;
  /** The remote task id (empty for a message answer). */
  readonly taskId: string;
  /** The remote context id. */
  readonly contextId: string;
  /** The artifacts' data parts. */
  readonly data: readonly unknown[];
}

/** The input schema of remote agent tools (shared with the ones whose card is read at the first call). */
export const a2aRemoteToolInputSchema: z.ZodType<A2aRemoteToolInput> = z.object({
  input: z.string().min(1).describe('The message to send to the remote agent.'),
  skill: z.string().min(1).optional().describe('The id of one of its skills, sent as metadata.skillId.'),
  contextId: z.string().min(1).optional().describe('Continue this remote conversation (from an earlier result).'),
});

/** The output schema of remote agent tools. */
export const a2aRemoteToolOutputSchema: z.ZodType<A2aRemoteToolOutput> = z.object({
  state: z.string(),
  text: z.string(),
  taskId: z.string(),
  contextId: z.string(),
  data: z.array(z.unknown()),
});

/** States in which the remote task did not do what was asked. */
const unfinished = new Set(['failed', 'rejected', 'canceled']);

/**
 * A user message in the negotiated version's JSON. It always names its context (a fresh one when
 * the caller continues none), so that the task it starts can be found again to cancel it.
 */
function userMessage(version: string, input: A2aRemoteToolInput, trace: RemoteTaskTrace): Record<string, unknown> {
  const common = {
    messageId: trace.messageId,
    contextId: trace.contextId,
    metadata: { ...(input.skill === undefined ? {} : { skillId: input.skill }), [a2aDelegationDepthKey]: nextA2aDepth() },
  };
  return version === '0.3'
    ? { kind: 'message', role: 'user', parts: [{ kind: 'text', text: input.input }], ...common }
    : { role: 'ROLE_USER', parts: [{ text: input.input }], ...common };
}

/**
 * A tool that sends a message to a remote A2A agent and returns what its task produced:
 * `a2a.<name>`, input `{ input, skill?, contextId? }`, structured output
 * `{ state, text, taskId, contextId, data }`.
 *
 * @remarks
 * A card that declares streaming is called with `SendStreamingMessage`, each event reported as
 * the call's progress; otherwise with a blocking `SendMessage`. Failures are typed:
 * `A2A_TIMEOUT` past `timeoutMs`, `A2A_TASK_UNFINISHED` when the task ends failed, rejected or
 * canceled (its redacted status message as the reason), and the client's codes for protocol
 * errors. A task that waits for input (`input-required`) is returned: the caller answers it with
 * the same `contextId`; one that waits for authentication (`auth-required`) is `A2A_AUTH_REQUIRED`
 * (kind `unauthenticated`), since no caller of a tool holds the remote's credentials.
 * @throws {@link A2aError} `A2A_VERSION_UNSUPPORTED` at once when the card has no JSON-RPC interface this package speaks
 * @public
 */
export function createA2aRemoteTool(
  options: A2aRemoteToolOptions,
): ToolDefinition<z.ZodType<A2aRemoteToolInput>, z.ZodType<A2aRemoteToolOutput>> {
  const { card } = options;
  const { url, version } = selectA2aInterface(card);
  const client = new A2aJsonRpcClient({
    agent: card.name,
    url,
    version,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  const policy = remotePolicy(options);
  const skills = card.skills.map((skill) => `${skill.id} (${skill.description})`).join('; ');
  return defineTool({
    name: `a2a.${options.name}`,
    description: `${card.description} (remote A2A agent "${card.name}"${skills === '' ? '' : `; skills: ${skills}`})`,
    input: a2aRemoteToolInputSchema,
    output: a2aRemoteToolOutputSchema,
    annotations: { openWorldHint: true },
    handler: async (input, context) => {
      const view = await policy.execute((signal) => attemptCall(options, client, version, input, context, signal), context.signal);
      if (view.state === 'auth-required') {
        // Not for the model to answer (unlike input-required): credentials are the runtime's configuration.
        const reason = redactRemoteText(view.text) || 'no reason given';
        throw A2aError.create('A2A_AUTH_REQUIRED', { agent: card.name, task: view.taskId, reason });
      }
      if (unfinished.has(view.state)) {
        const reason = redactRemoteText(view.text) || 'no reason given';
        throw A2aError.create('A2A_TASK_UNFINISHED', { agent: card.name, task: view.taskId, state: view.state, reason });
      }
      return toolResult({ structured: view, content: [{ type: 'text', text: view.text }] });
    },
  });
}

/**
 * One attempt of a call, under its own timeout (the policy's signal carries the caller's
 * cancellation). An attempt abandoned by either cancels the remote task it started, unless
 * `cancelOnAbort` is false.
 */
async function attemptCall(
  options: A2aRemoteToolOptions,
  client: A2aJsonRpcClient,
  version: string,
  input: A2aRemoteToolInput,
  context: ToolContext,
  attemptSignal: AbortSignal,
): Promise<A2aTaskView> {
  const { card } = options;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([attemptSignal, timeout]);
  const trace: RemoteTaskTrace = { messageId: crypto.randomUUID(), contextId: input.contextId ?? crypto.randomUUID() };
  const params = { message: userMessage(version, input, trace) };
  try {
    return card.capabilities.streaming === true
      ? await streamed(client, card.name, params, signal, context, trace)
      : readA2aResult(card.name, await client.call('SendMessage', params, '', { signal }));
  } catch (error) {
    if (!signal.aborted) throw error;
    const canceled =
      options.cancelOnAbort === false ? [] : await cancelRemoteTasks(client, version, trace, options.cancelTimeoutMs ?? 5_000);
    if (timeout.aborted && !attemptSignal.aborted) {
      throw A2aError.create(
        'A2A_TIMEOUT',
        { agent: card.name, timeoutMs: String(timeoutMs) },
        { details: { ...(trace.taskId === undefined ? {} : { taskId: trace.taskId }), canceledTasks: canceled } },
      );
    }
    throw error;
  }
}

async function streamed(
  client: A2aJsonRpcClient,
  agent: string,
  params: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
  context: ToolContext,
  trace: RemoteTaskTrace,
): Promise<A2aTaskView> {
  let view: A2aTaskView | undefined;
  let events = 0;
  for await (const event of client.stream(params, 'SendStreamingMessage', { signal })) {
    view = foldA2aEvent(agent, view, event);
    if (view.taskId !== '') trace.taskId = view.taskId;
    events += 1;
    context.reportProgress({ progress: events, message: view.state });
  }
  if (view === undefined) throw A2aError.create('A2A_REMOTE_FAILED', { agent, reason: 'its stream ended without an event' });
  return view;
}
