import { z } from 'zod';
import { A2aError } from '../errors/A2aError.js';

/**
 * One skill an Agent Card declares.
 * @public
 */
export interface AgentSkill {
  /** The skill's unique id within the card. */
  readonly id: string;
  /** Its human name. */
  readonly name: string;
  /** What it does. */
  readonly description: string;
  /** Keywords (empty when the card gives none). */
  readonly tags: readonly string[];
  /** Example prompts, when the card gives them. */
  readonly examples?: readonly string[] | undefined;
}

/**
 * A validated A2A Agent Card: who a remote agent is, where it answers, and what it can do.
 * Unknown fields are dropped; optional lists take their spec defaults.
 * @public
 */
export interface AgentCard {
  /** The agent's name. */
  readonly name: string;
  /** What it does. */
  readonly description: string;
  /** The http(s) URL of its JSON-RPC endpoint. */
  readonly url: string;
  /** The agent's own version. */
  readonly version: string;
  /** The A2A protocol version it speaks; missing means 0.3. */
  readonly protocolVersion?: string | undefined;
  /** Optional protocol features it supports. */
  readonly capabilities: { readonly streaming?: boolean | undefined; readonly pushNotifications?: boolean | undefined };
  /** Media types it accepts (default `text/plain`). */
  readonly defaultInputModes: readonly string[];
  /** Media types it answers with (default `text/plain`). */
  readonly defaultOutputModes: readonly string[];
  /** Its skills. */
  readonly skills: readonly AgentSkill[];
}

const skillSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()).default([]),
  examples: z.array(z.string()).optional(),
});

const cardSchema: z.ZodType<AgentCard, unknown> = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  version: z.string().min(1),
  protocolVersion: z.string().optional(),
  capabilities: z.object({ streaming: z.boolean().optional(), pushNotifications: z.boolean().optional() }).default({}),
  defaultInputModes: z.array(z.string()).default(['text/plain']),
  defaultOutputModes: z.array(z.string()).default(['text/plain']),
  skills: z.array(skillSchema),
});

/**
 * Validates an Agent Card as served at `/.well-known/agent-card.json`.
 *
 * @param agent - a name for the remote agent in error messages (its base URL, say)
 * @param raw - the parsed JSON body
 * @throws {@link A2aError} `A2A_CARD_INVALID`, listing every problem in `details.problems`
 * @public
 */
export function parseAgentCard(agent: string, raw: unknown): AgentCard {
  const result = cardSchema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(card)'}: ${issue.message}`);
  throw A2aError.create('A2A_CARD_INVALID', { agent, problems: problems.join('\n') }, { details: { problems } });
}
