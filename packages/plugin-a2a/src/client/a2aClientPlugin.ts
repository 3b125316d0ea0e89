import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, type PluginFactory, type ToolDefinition } from '@cortex-os/kernel';
import { z } from 'zod';
import { AgentCardCache } from '../card/AgentCardCache.js';
import type { A2aCardKeys } from '../card/verifyAgentCardJson.js';
import { type A2aRemoteToolInput, type A2aRemoteToolOutput, createA2aRemoteTool } from './createA2aRemoteTool.js';
import { lazyA2aRemoteTool } from './lazyA2aRemoteTool.js';

// The plugin's version is its package's: read from package.json (same path from src/ and dist/), never a literal.
const { version: packageVersion } = createRequire(import.meta.url)('../../package.json') as { version: string };

/**
 * One remote A2A agent for {@link a2aClientPlugin}.
 * @public
 */
export interface A2aRemoteAgentOptions {
  /** The tool is named `a2a.<name>`: 1–64 letters, digits, `_` or `-`. */
  readonly name: string;
  /** The agent's base URL; its card is read from `<url>/.well-known/agent-card.json`. */
  readonly url: string;
  /** How long one call (one attempt) may take, in milliseconds (default 60 000). */
  readonly timeoutMs?: number | undefined;
  /**
   * Retries through the kernel's resilience policy (default 3 retries, 50 ms to 1 s apart), only
   * of failures that surely started no task (a refused connection, HTTP 503); `false` for none.
   */
  readonly retry?: A2aRemoteRetryOptions | false | undefined;
  /** The remote's circuit breaker (default: opens after 5 consecutive failures or timeouts, probes after 30 s); `false` for none. */
  readonly breaker?: A2aRemoteBreakerOptions | false | undefined;
  /** Cancel the remote task when a call times out or its caller cancels it (default true). */
  readonly cancelOnAbort?: boolean | undefined;
  /** How long that cancel may take, in milliseconds (default 5 000). */
  readonly cancelTimeoutMs?: number | undefined;
  /** A bearer token sent as `Authorization: Bearer <token>`, for an agent whose card requires one. */
  readonly token?: string | undefined;
  /**
   * Require the agent's card to be signed by one of these keys: a JWK Set URL (e.g. its runtime's
   * `/.well-known/jwks.json`, or one published elsewhere) or the key set itself; a card that does
   * not verify fails the start with `A2A_CARD_SIGNATURE_INVALID`.
   */
  readonly cardJwks?: string | { readonly keys: readonly Record<string, unknown>[] } | undefined;
  /**
   * When the card is read (default `'at-start'`: an unreachable agent fails the runtime's start).
   * `'at-first-call'` starts without it, for an agent that may not listen yet — two runtimes that
   * import each other; a call while the agent is unreachable fails with `A2A_REMOTE_FAILED`, and
   * the next call reads the card again.
   */
  readonly readCard?: 'at-start' | 'at-first-call' | undefined;
  /** The tool's description when the card is read at the first call (default: names the agent and its URL). */
  readonly description?: string | undefined;
}

/**
 * Retry settings of one remote agent (the kernel's `ResilienceRetryOptions` that configuration can hold).
 * @public
 */
export interface A2aRemoteRetryOptions {
  /** Retries after the first call. */
  readonly maxAttempts?: number | undefined;
  /** Delay ceiling before the first retry, in ms, doubled for each further one. */
  readonly initialDelayMs?: number | undefined;
  /** The largest delay between retries, in ms. */
  readonly maxDelayMs?: number | undefined;
}

/**
 * Circuit breaker settings of one remote agent.
 * @public
 */
export interface A2aRemoteBreakerOptions {
  /** Consecutive failures (`A2A_REMOTE_FAILED`, `A2A_TIMEOUT`) that open the circuit. */
  readonly threshold?: number | undefined;
  /** Milliseconds after opening before one call is let through as a probe. */
  readonly halfOpenAfterMs?: number | undefined;
}

/**
 * Options of {@link a2aClientPlugin}.
 * @public
 */
export interface A2aClientPluginOptions {
  /** The remote agents to import as tools. */
  readonly remotes: readonly A2aRemoteAgentOptions[];
}

/** The options schema of {@link a2aClientPlugin} and `a2aRemoteAgentsPlugin`. */
export const a2aClientOptionsSchema: z.ZodType<A2aClientPluginOptions, A2aClientPluginOptions> = z.object({
  remotes: z.array(
    z.object({
      name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
      url: z.url({ protocol: /^https?$/ }),
      timeoutMs: z.number().int().positive().optional(),
      retry: z
        .union([
          z.literal(false),
          z.object({
            maxAttempts: z.int().min(0).max(10).optional(),
            initialDelayMs: z.int().min(0).optional(),
            maxDelayMs: z.int().min(0).optional(),
          }),
        ])
        .optional(),
      breaker: z
        .union([z.literal(false), z.object({ threshold: z.int().min(1).optional(), halfOpenAfterMs: z.int().min(1).optional() })])
        .optional(),
      cancelOnAbort: z.boolean().optional(),
      cancelTimeoutMs: z.int().positive().optional(),
      token: z.string().min(1).optional(),
      cardJwks: z
        .union([z.url({ protocol: /^https?$/ }), z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) })])
        .optional(),
      readCard: z.enum(['at-start', 'at-first-call']).optional(),
      description: z.string().min(1).optional(),
    }),
  ),
});

/** Drops the keys left undefined, so that the policy's defaults apply to them. */
function defined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * Reads each remote's card (verified when it names keys) and builds its tool `a2a.<name>`, in
 * the order given; the first failure fails them all, as it fails the plugin's start.
 */
export async function loadA2aRemoteTools(
  remotes: readonly A2aRemoteAgentOptions[],
): Promise<ToolDefinition<z.ZodType<A2aRemoteToolInput>, z.ZodType<A2aRemoteToolOutput>>[]> {
  const cards = new AgentCardCache();
  const build = async (remote: A2aRemoteAgentOptions) =>
    createA2aRemoteTool({
      name: remote.name,
      card:
        remote.cardJwks === undefined
          ? await cards.get(remote.url)
          : await new AgentCardCache({ cardKeys: remote.cardJwks as A2aCardKeys }).get(remote.url),
      ...defined({ timeoutMs: remote.timeoutMs, cancelOnAbort: remote.cancelOnAbort, cancelTimeoutMs: remote.cancelTimeoutMs }),
      ...(remote.retry === undefined ? {} : { retry: remote.retry === false ? false : defined(remote.retry) }),
      ...(remote.breaker === undefined ? {} : { breaker: remote.breaker === false ? false : defined(remote.breaker) }),
      ...(remote.token === undefined ? {} : { headers: { authorization: `Bearer ${remote.token}` } }),
    });
  return Promise.all(
    remotes.map((remote) =>
      remote.readCard === 'at-first-call'
        ? lazyA2aRemoteTool({ name: remote.name, url: remote.url, description: remote.description, build: () => build(remote) })
        : build(remote),
    ),
  );
}

/**
 * Imports remote A2A agents as tools of the runtime: one tool `a2a.<name>` per configured agent
 * (see {@link createA2aRemoteTool}), for agents, MCP and REST callers alike.
 *
 * @remarks
 * Each card is fetched and validated when the plugin starts; an unreachable agent or an invalid
 * card fails the start with its typed error (`A2A_REMOTE_FAILED`, `A2A_CARD_INVALID`,
 * `A2A_VERSION_UNSUPPORTED`) rather than leaving a tool that cannot work — unless the remote says
 * `readCard: 'at-first-call'` (runtimes importing each other), when its first call reads it.
 * @example
 * ```ts
 * a2aClientPlugin({ remotes: [{ name: 'weather', url: 'http://127.0.0.1:4000', timeoutMs: 30_000, retry: { maxAttempts: 2 }, token: process.env.WEATHER_A2A_TOKEN }] })
 * ```
 * @public
 */
export const a2aClientPlugin: PluginFactory<z.ZodType<A2aClientPluginOptions, A2aClientPluginOptions>> = definePlugin({
  name: 'a2a-client',
  version: packageVersion,
  description: 'Imports remote Agent2Agent (A2A) agents as tools.',
  options: a2aClientOptionsSchema,
  contributes: { tools: kernelExtensionPoints.tools },
  async start({ options }) {
    const tools = await loadA2aRemoteTools(options.remotes);
    return { tools };
  },
});
