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
 * One way to reach an agent: a URL, its protocol binding and the protocol version spoken there.
 * @public
 */
export interface AgentInterface {
  /** The endpoint's http(s) URL. */
  readonly url: string;
  /** `JSONRPC`, `HTTP+JSON`, `GRPC` or another binding's name. */
  readonly binding: string;
  /** The A2A protocol version spoken there (`1.0`, `0.3`; an empty one means 0.3). */
  readonly version: string;
}

/**
 * A validated A2A Agent Card: who a remote agent is, where it answers, and what it can do.
 * Unknown fields are dropped; optional lists take their spec defaults.
 *
 * @remarks
 * Both card forms are read: v1.0's `supportedInterfaces` and 0.3's `url`, `protocolVersion`,
 * `preferredTransport` and `additionalInterfaces`; {@link AgentCard.interfaces} lists them all.
 * @public
 */
export interface AgentCard {
  /** The agent's name. */
  readonly name: string;
  /** What it does. */
  readonly description: string;
  /** The URL of its preferred interface (the first of {@link AgentCard.interfaces}). */
  readonly url: string;
  /** The agent's own version. */
  readonly version: string;
  /** The 0.3 card's protocol version, when the card has one (v1.0 cards give versions per interface). */
  readonly protocolVersion?: string | undefined;
  /** Every interface the card declares, v1.0's first, in the card's order; never empty. */
  readonly interfaces: readonly AgentInterface[];
  /** Optional protocol features it supports. */
  readonly capabilities: { readonly streaming?: boolean | undefined; readonly pushNotifications?: boolean | undefined };
  /** Media types it accepts (default `text/plain`). */
  readonly defaultInputModes: readonly string[];
  /** Media types it answers with (default `text/plain`). */
  readonly defaultOutputModes: readonly string[];
  /** Its skills. */
  readonly skills: readonly AgentSkill[];
}

const httpUrl = z.url({ protocol: /^https?$/ });

const skillSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  tags: z.array(z.string()).default([]),
  examples: z.array(z.string()).optional(),
});

const rawCardSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  version: z.string().min(1),
  // v1.0
  supportedInterfaces: z
    .array(z.object({ url: httpUrl, protocolBinding: z.string().min(1), protocolVersion: z.string().default('') }))
    .optional(),
  // 0.3
  url: httpUrl.optional(),
  protocolVersion: z.string().optional(),
  preferredTransport: z.string().min(1).optional(),
  additionalInterfaces: z.array(z.object({ url: httpUrl, transport: z.string().min(1) })).optional(),
  capabilities: z.object({ streaming: z.boolean().optional(), pushNotifications: z.boolean().optional() }).default({}),
  defaultInputModes: z.array(z.string()).default(['text/plain']),
  defaultOutputModes: z.array(z.string()).default(['text/plain']),
  skills: z.array(skillSchema),
});

type RawCard = z.output<typeof rawCardSchema>;

/** v1.0 interfaces first, then the 0.3 ones; the same url, binding and version listed once. */
function interfacesOf(raw: RawCard): AgentInterface[] {
  const legacyVersion = raw.protocolVersion ?? '';
  const all: AgentInterface[] = [
    ...(raw.supportedInterfaces ?? []).map((i) => ({ url: i.url, binding: i.protocolBinding, version: i.protocolVersion })),
    ...(raw.url === undefined ? [] : [{ url: raw.url, binding: raw.preferredTransport ?? 'JSONRPC', version: legacyVersion }]),
    ...(raw.additionalInterfaces ?? []).map((i) => ({ url: i.url, binding: i.transport, version: legacyVersion })),
  ];
  const seen = new Set<string>();
  return all.filter((i) => {
    const key = `${i.url} ${i.binding} ${i.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const cardSchema: z.ZodType<AgentCard, unknown> = rawCardSchema.transform((raw, context) => {
  const interfaces = interfacesOf(raw);
  const [first] = interfaces;
  if (first === undefined) {
    context.addIssue({
      code: 'custom',
      path: ['supportedInterfaces'],
      message: 'the card declares no interface (neither supportedInterfaces nor url)',
    });
    return z.NEVER;
  }
  return {
    name: raw.name,
    description: raw.description,
    url: first.url,
    version: raw.version,
    ...(raw.protocolVersion === undefined ? {} : { protocolVersion: raw.protocolVersion }),
    interfaces,
    capabilities: raw.capabilities,
    defaultInputModes: raw.defaultInputModes,
    defaultOutputModes: raw.defaultOutputModes,
    skills: raw.skills,
  };
});

/**
 * Validates an Agent Card as served at `/.well-known/agent-card.json`, in its v1.0 or 0.3 form.
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
