import { createRequire } from 'node:module';
import { definePlugin, kernelExtensionPoints, type PluginFactory } from '@cortex-os/kernel';
import { z } from 'zod';
import { AgentCardCache } from '../card/AgentCardCache.js';
import { createA2aRemoteTool } from './createA2aRemoteTool.js';

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
  /** How long one call may take, in milliseconds (default 60 000). */
  readonly timeoutMs?: number | undefined;
}

/**
 * Options of {@link a2aClientPlugin}.
 * @public
 */
export interface A2aClientPluginOptions {
  /** The remote agents to import as tools. */
  readonly remotes: readonly A2aRemoteAgentOptions[];
}

const optionsSchema: z.ZodType<A2aClientPluginOptions, A2aClientPluginOptions> = z.object({
  remotes: z.array(
    z.object({
      name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
      url: z.url({ protocol: /^https?$/ }),
      timeoutMs: z.number().int().positive().optional(),
    }),
  ),
});

/**
 * Imports remote A2A agents as tools of the runtime: one tool `a2a.<name>` per configured agent
 * (see {@link createA2aRemoteTool}), for agents, MCP and REST callers alike.
 *
 * @remarks
 * Each card is fetched and validated when the plugin starts; an unreachable agent or an invalid
 * card fails the start with its typed error (`A2A_REMOTE_FAILED`, `A2A_CARD_INVALID`,
 * `A2A_VERSION_UNSUPPORTED`) rather than leaving a tool that cannot work.
 * @example
 * ```ts
 * a2aClientPlugin({ remotes: [{ name: 'weather', url: 'http://127.0.0.1:4000', timeoutMs: 30_000 }] })
 * ```
 * @public
 */
export const a2aClientPlugin: PluginFactory<z.ZodType<A2aClientPluginOptions, A2aClientPluginOptions>> = definePlugin({
  name: 'a2a-client',
  version: packageVersion,
  description: 'Imports remote Agent2Agent (A2A) agents as tools.',
  options: optionsSchema,
  contributes: { tools: kernelExtensionPoints.tools },
  async start({ options }) {
    const cards = new AgentCardCache();
    const tools = await Promise.all(
      options.remotes.map(async (remote) =>
        createA2aRemoteTool({
          name: remote.name,
          card: await cards.get(remote.url),
          ...(remote.timeoutMs === undefined ? {} : { timeoutMs: remote.timeoutMs }),
        }),
      ),
    );
    return { tools };
  },
});
