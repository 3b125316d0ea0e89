import type { AgentCard as SdkAgentCard } from '@a2a-js/sdk';
import type { AgentDescriptor } from '@cortex-os/plugin-agents';

/**
 * What {@link buildAgentCard} needs besides the runtime's agents.
 * @public
 */
export interface BuildAgentCardOptions {
  /** The card's name (the runtime's, not one agent's: each exposed agent is one skill). */
  readonly name: string;
  /** What the runtime's agents do together. */
  readonly description: string;
  /** The runtime's own version. */
  readonly version: string;
  /** The absolute URL of the JSON-RPC endpoint. */
  readonly url: string;
  /** The absolute URL of the HTTP+JSON (REST) binding, when served (listed as a v1.0 and a 0.3 interface: 0.3 under its `/v1/…` paths). */
  readonly restUrl?: string | undefined;
  /** The gRPC binding's address (`host:port`), when served (listed as a v1.0 and a 0.3 `GRPC` interface). */
  readonly grpcUrl?: string | undefined;
  /** The agents to list as skills, in order; the first is the default (a runtime's `AgentDescriptor`s fit). */
  readonly agents: readonly Pick<AgentDescriptor, 'name' | 'description' | 'structuredOutput'>[];
  /** True when the server delivers push notifications (default false). */
  readonly pushNotifications?: boolean | undefined;
  /**
   * `bearer` when the A2A endpoints require `Authorization: Bearer <token>` (declared as the
   * `bearer` HTTP security scheme, required for every call); `optional` when they accept one (the
   * scheme declared, required only by the skills of `authenticatedAgents`); default none.
   */
  readonly security?: 'bearer' | 'optional' | undefined;
  /** With `security: 'optional'`: the agents whose skills require the `bearer` scheme. */
  readonly authenticatedAgents?: readonly string[] | undefined;
  /** True when an authenticated extended card is served (`GetExtendedAgentCard`); default false. */
  readonly extendedAgentCard?: boolean | undefined;
}

/** The one scheme the runtime's edge-security module enforces: bearer tokens (static or verified). */
const BEARER_SCHEME = 'bearer';
const BEARER_DESCRIPTION = 'A bearer token the runtime accepts: Authorization: Bearer <token>.';
const bearerRequirement = { schemes: { [BEARER_SCHEME]: { list: [] } } };

/**
 * The v1.0 Agent Card of a runtime: one skill per exposed agent (skill id = agent name), one
 * JSON-RPC interface per protocol version served (`1.0` first, then `0.3`) and, with `restUrl`,
 * the HTTP+JSON interfaces (`1.0`, then `0.3`, whose paths are `/v1/…` under the same URL) and,
 * with `grpcUrl`, the gRPC interfaces (`1.0`, then `0.3`).
 *
 * @remarks
 * The result is the SDK's card type, so it feeds `DefaultRequestHandler` as it is; clients of
 * 0.3 receive it translated by {@link toLegacyAgentCardJson}.
 * @public
 */
export function buildAgentCard(options: BuildAgentCardOptions): SdkAgentCard {
  return {
    name: options.name,
    description: options.description,
    version: options.version,
    supportedInterfaces: [
      ...['1.0', '0.3'].map((protocolVersion) => ({ url: options.url, protocolBinding: 'JSONRPC', tenant: '', protocolVersion })),
      ...(options.restUrl === undefined
        ? []
        : ['1.0', '0.3'].map((protocolVersion) => ({
            url: options.restUrl ?? '',
            protocolBinding: 'HTTP+JSON',
            tenant: '',
            protocolVersion,
          }))),
      ...(options.grpcUrl === undefined
        ? []
        : ['1.0', '0.3'].map((protocolVersion) => ({ url: options.grpcUrl ?? '', protocolBinding: 'GRPC', tenant: '', protocolVersion }))),
    ],
    provider: undefined,
    capabilities: {
      streaming: true,
      pushNotifications: options.pushNotifications ?? false,
      extensions: [],
      extendedAgentCard: options.extendedAgentCard ?? false,
    },
    securitySchemes:
      options.security !== undefined
        ? {
            [BEARER_SCHEME]: {
              scheme: { $case: 'httpAuthSecurityScheme', value: { description: BEARER_DESCRIPTION, scheme: 'Bearer', bearerFormat: '' } },
            },
          }
        : {},
    securityRequirements: options.security === 'bearer' ? [bearerRequirement] : [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain', 'application/json'],
    skills: options.agents.map((agent) => ({
      id: agent.name,
      name: agent.name,
      description: agent.description,
      tags: ['cortex-os-agent', ...(agent.structuredOutput ? ['structured-output'] : [])],
      examples: [],
      inputModes: ['text/plain'],
      outputModes: [agent.structuredOutput ? 'application/json' : 'text/plain'],
      securityRequirements:
        options.security === 'optional' && options.authenticatedAgents?.includes(agent.name) === true ? [bearerRequirement] : [],
    })),
    signatures: [],
  };
}

/** Requirements in the 0.3 (OpenAPI) form: `[{ scheme: scopes }]`. */
function legacyRequirements(requirements: SdkAgentCard['securityRequirements']): Record<string, string[]>[] {
  return requirements.map((requirement) =>
    Object.fromEntries(Object.entries(requirement.schemes).map(([name, scopes]) => [name, scopes.list])),
  );
}

/** The 0.3 (OpenAPI-style) form of the card's HTTP security schemes and requirements, when it has any. */
function legacySecurity(card: SdkAgentCard): Record<string, unknown> {
  const schemes = Object.entries(card.securitySchemes).flatMap(([name, { scheme }]) =>
    scheme?.$case === 'httpAuthSecurityScheme'
      ? [[name, { type: 'http', scheme: scheme.value.scheme.toLowerCase(), description: scheme.value.description }] as const]
      : [],
  );
  if (schemes.length === 0) return {};
  return {
    securitySchemes: Object.fromEntries(schemes),
    security: legacyRequirements(card.securityRequirements),
  };
}

/**
 * The card as a 0.3 client reads it: the 0.3 fields (`url`, `protocolVersion`,
 * `preferredTransport`, `supportsAuthenticatedExtendedCard`, `securitySchemes`/`security`) from the card's first 0.3 interface, with the v1.0 `supportedInterfaces`
 * kept so that a v1.0 client served this form still finds them (what the SDK's compat layer does).
 * Signatures are passed on as they are: they sign the v1.0 form.
 * @public
 */
export function toLegacyAgentCardJson(card: SdkAgentCard): Record<string, unknown> {
  const legacy = card.supportedInterfaces.filter((i) => i.protocolVersion === '0.3');
  const [primary, ...others] = legacy;
  return {
    name: card.name,
    description: card.description,
    version: card.version,
    url: primary?.url ?? '',
    preferredTransport: primary?.protocolBinding ?? 'JSONRPC',
    protocolVersion: '0.3',
    capabilities: { streaming: card.capabilities?.streaming ?? false, pushNotifications: card.capabilities?.pushNotifications ?? false },
    defaultInputModes: card.defaultInputModes,
    defaultOutputModes: card.defaultOutputModes,
    skills: card.skills.map((s) => ({
      id: s.id,
      name: s.name,
      description: s.description,
      tags: s.tags,
      examples: s.examples,
      inputModes: s.inputModes,
      outputModes: s.outputModes,
      ...(s.securityRequirements.length === 0 ? {} : { security: legacyRequirements(s.securityRequirements) }),
    })),
    ...(others.length === 0 ? {} : { additionalInterfaces: others.map((i) => ({ url: i.url, transport: i.protocolBinding })) }),
    ...(card.capabilities?.extendedAgentCard === true ? { supportsAuthenticatedExtendedCard: true } : {}),
    ...legacySecurity(card),
    ...(card.signatures.length === 0
      ? {}
      : {
          signatures: card.signatures.map((s) => ({
            protected: s.protected,
            signature: s.signature,
            ...(s.header ? { header: s.header } : {}),
          })),
        }),
    supportedInterfaces: card.supportedInterfaces,
  };
}
