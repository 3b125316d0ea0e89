import type {
  ChatMessage,
  GenerateOptions,
  ModelModality,
  ModelOperation,
  ModelProvider,
  ModelProviderCapabilities,
} from './ModelProvider.js';

/**
 * Abilities a request needs from a provider.
 * @public
 */
export interface RouterCapabilityRequirement {
  /** Modalities the embedder must accept (added to those of the inputs themselves). */
  readonly modalities?: readonly ModelModality[];
  /** Shortest acceptable context length, in tokens; providers that do not declare one are excluded. */
  readonly contextLength?: number;
  /** Tool calling (`capabilities.tools`); implied by a request that offers tools or carries tool calls. */
  readonly tools?: boolean;
  /** Structured output (`capabilities.structuredOutput`); implied by a request with `responseFormat`. */
  readonly structuredOutput?: boolean;
  /** Streaming (`capabilities.streaming` and a `stream` method); implied by `router.stream`. */
  readonly streaming?: boolean;
}

/** The boolean abilities, with the words an exclusion reason uses for each. */
const abilities = [
  ['tools', 'tool calling', 'the request offers tools or carries tool calls'],
  ['structuredOutput', 'structured output', 'the request asks for a response format'],
  ['streaming', 'streaming', 'the request streams'],
] as const;

/**
 * What a generation request needs beyond its policy: tool calling when it offers tools or its
 * history carries tool calls (a provider without tools could not even send those messages),
 * structured output for `responseFormat`, streaming for `router.stream`.
 */
export function generationRequirement(
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  streaming: boolean,
): RouterCapabilityRequirement | undefined {
  const tools =
    (options.tools !== undefined && options.tools.length > 0) ||
    messages.some((message) => message.role === 'tool' || (message.role === 'assistant' && (message.toolCalls?.length ?? 0) > 0));
  const structuredOutput = options.responseFormat !== undefined;
  if (!tools && !structuredOutput && !streaming) return undefined;
  return { ...(tools ? { tools } : {}), ...(structuredOutput ? { structuredOutput } : {}), ...(streaming ? { streaming } : {}) };
}

/** Why a provider lacks a required boolean ability, or `undefined` when it has them all. */
function missingAbility(provider: ModelProvider, requires: RouterCapabilityRequirement | undefined): string | undefined {
  if (requires === undefined) return undefined;
  const capabilities: ModelProviderCapabilities = provider.capabilities;
  for (const [ability, words, because] of abilities) {
    if (requires[ability] !== true) continue;
    if (capabilities[ability] !== true) return `does not declare ${words} (capabilities.${ability}) and ${because}`;
    if (ability === 'streaming' && typeof provider.stream !== 'function') return `declares streaming but has no stream method`;
  }
  return undefined;
}

/**
 * How the router chooses providers. Set per runtime (router options) and per request;
 * the two are merged so that a request can only narrow what the runtime allows.
 * @public
 */
export interface RouterPolicy {
  /** Never use a `remote` provider. Sticky: a request cannot lift a runtime's `localOnly`. */
  readonly localOnly?: boolean;
  /** Try `local` providers before `remote` ones (order otherwise kept). */
  readonly preferLocal?: boolean;
  /** Abilities a provider must have; runtime and request requirements add up. */
  readonly requires?: RouterCapabilityRequirement;
  /**
   * Time the whole routed call may take, fallbacks included; providers whose observed average
   * latency already exceeds it are skipped. The smaller of runtime and request budgets wins.
   */
  readonly latencyBudgetMs?: number;
  /** Highest `relativeCost` allowed. The smaller of runtime and request ceilings wins. */
  readonly maxRelativeCost?: number;
  /** Provider names to use, in this order; providers not named are not used. */
  readonly order?: readonly string[];
  /**
   * Generation only: when the requested model is not served, may other models answer? Default `true`.
   * Embeddings never change model.
   */
  readonly allowModelFallback?: boolean;
}

const minDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.min(a, b);

const maxDefined = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** Merges a runtime policy with a request policy; a request narrows, never widens, `localOnly`, budgets and ceilings. */
export function mergeRouterPolicy(runtime: RouterPolicy, request: RouterPolicy | undefined): RouterPolicy {
  if (request === undefined) return runtime;
  const modalities = [...new Set([...(runtime.requires?.modalities ?? []), ...(request.requires?.modalities ?? [])])];
  const contextLength = maxDefined(runtime.requires?.contextLength, request.requires?.contextLength);
  const flags: { tools?: true; structuredOutput?: true; streaming?: true } = {};
  for (const [ability] of abilities)
    if (runtime.requires?.[ability] === true || request.requires?.[ability] === true) flags[ability] = true;
  const latencyBudgetMs = minDefined(runtime.latencyBudgetMs, request.latencyBudgetMs);
  const maxRelativeCost = minDefined(runtime.maxRelativeCost, request.maxRelativeCost);
  const order = request.order ?? runtime.order;
  const preferLocal = request.preferLocal ?? runtime.preferLocal;
  const allowModelFallback = request.allowModelFallback ?? runtime.allowModelFallback;
  return {
    localOnly: runtime.localOnly === true || request.localOnly === true,
    ...(preferLocal === undefined ? {} : { preferLocal }),
    ...(modalities.length === 0 && contextLength === undefined && Object.keys(flags).length === 0
      ? {}
      : {
          requires: {
            ...(modalities.length === 0 ? {} : { modalities }),
            ...(contextLength === undefined ? {} : { contextLength }),
            ...flags,
          },
        }),
    ...(latencyBudgetMs === undefined ? {} : { latencyBudgetMs }),
    ...(maxRelativeCost === undefined ? {} : { maxRelativeCost }),
    ...(order === undefined ? {} : { order }),
    ...(allowModelFallback === undefined ? {} : { allowModelFallback }),
  };
}

/** A provider the policy left out, and why in plain words. */
export interface RouterExclusion {
  readonly provider: string;
  readonly reason: string;
}

/** What the planner needs to know about a registered provider. */
export interface RouterPlanEntry {
  readonly provider: ModelProvider;
  /** Average latency of recent successful calls, when enough were observed. */
  readonly observedLatencyMs: number | undefined;
}

/**
 * Orders providers by policy and drops those it excludes, with the reason for each.
 * Operation- and model-specific checks are done by `accept`, which returns a reason to exclude.
 */
export function planProviders<E extends RouterPlanEntry>(
  entries: readonly E[],
  operation: ModelOperation,
  policy: RouterPolicy,
  accept: (entry: E) => string | undefined,
): { readonly candidates: E[]; readonly excluded: RouterExclusion[] } {
  const excluded: RouterExclusion[] = [];
  let ordered: E[];
  if (policy.order !== undefined) {
    const byName = new Map(entries.map((entry) => [entry.provider.name, entry] as const));
    ordered = [];
    for (const name of new Set(policy.order)) {
      const entry = byName.get(name);
      if (entry === undefined) excluded.push({ provider: name, reason: 'named in the policy order but not registered' });
      else ordered.push(entry);
    }
    const named = new Set(policy.order);
    for (const entry of entries)
      if (!named.has(entry.provider.name)) excluded.push({ provider: entry.provider.name, reason: 'not named in the policy order' });
  } else if (policy.preferLocal === true) {
    ordered = [
      ...entries.filter((entry) => entry.provider.capabilities.locality === 'local'),
      ...entries.filter((entry) => entry.provider.capabilities.locality !== 'local'),
    ];
  } else {
    ordered = [...entries];
  }

  const candidates: E[] = [];
  for (const entry of ordered) {
    const { name, capabilities } = entry.provider;
    const lacking = missingAbility(entry.provider, policy.requires);
    let reason: string | undefined;
    if (!capabilities.operations.includes(operation) || typeof entry.provider[operation] !== 'function') {
      reason = `does not ${operation}`;
    } else if (policy.localOnly === true && capabilities.locality !== 'local') {
      reason = 'is remote and the policy is localOnly';
    } else if (policy.maxRelativeCost !== undefined && capabilities.relativeCost > policy.maxRelativeCost) {
      reason = `costs ${capabilities.relativeCost}, over the ceiling of ${policy.maxRelativeCost}`;
    } else if (policy.requires?.contextLength !== undefined && !((capabilities.contextLength ?? -1) >= policy.requires.contextLength)) {
      reason =
        capabilities.contextLength === undefined
          ? `does not declare a context length and ${policy.requires.contextLength} tokens are required`
          : `has a context length of ${capabilities.contextLength}, below the required ${policy.requires.contextLength}`;
    } else if (lacking !== undefined) {
      reason = lacking;
    } else if (
      policy.latencyBudgetMs !== undefined &&
      entry.observedLatencyMs !== undefined &&
      entry.observedLatencyMs > policy.latencyBudgetMs
    ) {
      reason = `answers in about ${Math.round(entry.observedLatencyMs)} ms, over the latency budget of ${policy.latencyBudgetMs} ms`;
    } else {
      reason = accept(entry);
    }
    if (reason === undefined) candidates.push(entry);
    else excluded.push({ provider: name, reason });
  }
  return { candidates, excluded };
}
