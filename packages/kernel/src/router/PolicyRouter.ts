import { CortexError, toError } from '@cortex-os/kernel';
import { KernelAggregateError, KernelError, type KernelProblem } from '@cortex-os/kernel';
import { kernelErrorCatalogue, type KernelErrorCode } from '@cortex-os/kernel';
import type { HealthIndicator, PowerModeService } from '@cortex-os/kernel';
import {
  createResiliencePolicy,
  type CircuitBreakerState,
  type CreateResiliencePolicyOptions,
  type ResiliencePolicy,
  type ResiliencePolicySnapshot,
  type ResilienceStateChange,
} from '@cortex-os/kernel/resilience';
import type {
  ChatMessage,
  EmbedInput,
  EmbedResult,
  GenerateOptions,
  GenerateResult,
  ModelCallOptions,
  ModelModality,
  ModelOperation,
  ModelProvider,
} from './ModelProvider.js';
import type { ModelStreamPart } from './ModelStreamPart.js';
import { checkToolChoice } from './ModelToolDefinition.js';
import type { RouterEvent } from './RouterEvent.js';
import { generationRequirement, mergeRouterPolicy, planProviders, type RouterExclusion, type RouterPolicy } from './RouterPolicy.js';
import { continueProviderStream, openProviderStream, type OpenedProviderStream } from './streamFromProvider.js';

/**
 * Per-provider resilience settings of the router (the provider's name names the policy).
 * @public
 */
export type RouterResilienceOptions = Omit<CreateResiliencePolicyOptions, 'name' | 'initialState'>;

/**
 * Time source of the router, in epoch milliseconds; inject one in tests.
 * @public
 */
export interface RouterClock {
  /** Current time in epoch milliseconds (fractions allowed). */
  now(): number;
}

/**
 * Breaker states of every provider, from {@link PolicyRouter.toJSON}, keyed by provider name.
 * @public
 */
export interface PolicyRouterSnapshot {
  /** Each provider's breaker snapshot, by provider name. */
  readonly providers: Readonly<Record<string, ResiliencePolicySnapshot>>;
}

/**
 * Options of {@link createPolicyRouter}.
 * @public
 */
export interface CreatePolicyRouterOptions {
  /** Providers in default order of preference; names must be unique. */
  readonly providers: readonly ModelProvider[];
  /** Runtime policy, merged with each request's policy. */
  readonly policy?: RouterPolicy;
  /** Embedding model requests are pinned to when they name none. */
  readonly embeddingModel?: string;
  /**
   * Breaker, timeout, retry and concurrency per provider. Defaults: breaker opens after 5
   * consecutive failures and half-opens after 30 s, 60 s timeout per attempt, one retry of
   * transient errors after 50–100 ms (a `Retry-After` over 2 s falls back instead of waiting).
   * An object is merged over the defaults; a function is asked once per provider.
   */
  readonly resilience?: RouterResilienceOptions | ((provider: ModelProvider) => RouterResilienceOptions);
  /** Breaker states from a previous {@link PolicyRouter.toJSON}. */
  readonly initialState?: PolicyRouterSnapshot;
  /** Time source for attempt times and event times. Default: `performance.timeOrigin + performance.now()`. */
  readonly clock?: RouterClock;
  /** Receives `router.fallback` and `provider.circuit.*` events; its errors are ignored. */
  readonly onEvent?: (event: RouterEvent) => void;
  /**
   * The runtime's power mode: in `low-power` mode the capable providers are tried cheapest first
   * (lowest `relativeCost`; the policy's order among equals). An embedding request's model is still
   * chosen first, so low-power never changes which model embeds.
   */
  readonly powerMode?: PowerModeService;
}

/**
 * One provider call the router made while serving a request.
 * @public
 */
export interface RouterAttempt {
  /** Name of the provider called. */
  readonly provider: string;
  /** The model asked for (embeddings: the pinned model), when known. */
  readonly model?: string;
  /** Epoch milliseconds from the router's clock. */
  readonly startedAt: number;
  /** Time the attempt took, retries within the provider included. */
  readonly durationMs: number;
  /** Why the attempt failed; absent on the attempt that served. */
  readonly error?: Error;
}

/**
 * Who served a routed request and how: the serving provider, whether earlier ones failed, and every attempt.
 * @public
 */
export interface RouterRoute {
  /** Name of the provider that served. */
  readonly provider: string;
  /** True when at least one provider failed (or its circuit was open) before `provider` served. */
  readonly fellBack: boolean;
  /** Every provider call made, in order; the last one served. */
  readonly attempts: readonly RouterAttempt[];
}

/**
 * A routed embedding request. Embeddings never mix models: the request is pinned to `model`,
 * else to the router's `embeddingModel`, else to the model of the first eligible provider.
 * @public
 */
export interface RouterEmbedRequest extends ModelCallOptions {
  /** Embedding model id to pin the request to. */
  readonly model?: string;
  /** Request policy, merged with the runtime policy. */
  readonly policy?: RouterPolicy;
}

/**
 * A routed generation request; `model` is preferred, and other models may answer unless
 * `policy.allowModelFallback` is `false`.
 * @public
 */
export interface RouterGenerateRequest extends GenerateOptions {
  /** Request policy, merged with the runtime policy. */
  readonly policy?: RouterPolicy;
}

/**
 * Embedding vectors with the route that produced them.
 * @public
 */
export interface RouterEmbedResult extends EmbedResult, RouterRoute {}

/**
 * Generated text with the route that produced it; `model` names the model that answered.
 * @public
 */
export interface RouterGenerateResult extends GenerateResult, RouterRoute {}

/**
 * A routed stream: the parts of the reply, and the route that chose its provider.
 *
 * @remarks
 * The route is settled when the first part has arrived; reading `parts` after that never falls
 * back. Iterate `parts` once.
 * @public
 */
export interface RouterStreamResult extends RouterRoute {
  /** The model asked of the serving provider, when known. */
  readonly model?: string;
  /** Text deltas, tool-call deltas, then one `finish`; {@link collectModelStream} assembles them. */
  readonly parts: AsyncIterable<ModelStreamPart>;
}

/**
 * Routes embed and generate requests to model providers by policy, with per-provider resilience and fallback.
 * @public
 */
export interface PolicyRouter {
  /** Provider names in registration order. */
  readonly providerNames: readonly string[];
  /**
   * Embeds `inputs` with the pinned model, falling back only between providers of that model.
   * @throws {@link KernelAggregateError} `ROUTER_MODEL_UNAVAILABLE` when no provider of the pinned
   * model can serve, `ROUTER_NO_PROVIDER` when no provider embeds at all; each provider and why is listed.
   * Throws the abort reason when `request.signal` aborts.
   */
  embed(inputs: readonly EmbedInput[], request?: RouterEmbedRequest): Promise<RouterEmbedResult>;
  /**
   * Generates a reply, falling back across providers (and models, unless forbidden).
   * @throws {@link KernelAggregateError} `ROUTER_NO_PROVIDER` listing each provider and why.
   * {@link KernelError} `ROUTER_REQUEST_INVALID` when `toolChoice` asks for a tool that is not offered.
   * {@link KernelError} `PROVIDER_REQUEST_FAILED` when a provider fails after streaming tokens
   * (falling back would repeat them). Throws the abort reason when `request.signal` aborts.
   */
  generate(messages: readonly ChatMessage[], request?: RouterGenerateRequest): Promise<RouterGenerateResult>;
  /**
   * Streams a reply from a provider that declares streaming, falling back like `generate` until
   * the first part arrives. The latency budget covers the wait for that first part.
   * @throws {@link KernelAggregateError} `ROUTER_NO_PROVIDER` listing each provider and why (one
   * that does not stream: "does not declare streaming"); {@link KernelError} `ROUTER_REQUEST_INVALID`
   * as for `generate`. Throws the abort reason when `request.signal` aborts.
   */
  stream(messages: readonly ChatMessage[], request?: RouterGenerateRequest): Promise<RouterStreamResult>;
  /** Circuit breaker state of a provider. @throws {@link KernelError} `ROUTER_PROVIDER_UNKNOWN` for an unknown provider. */
  circuitState(provider: string): CircuitBreakerState;
  /** One non-critical health indicator per provider: breaker state and the provider's own health. */
  readonly healthIndicators: readonly HealthIndicator[];
  /** Breaker states to persist and pass back as `initialState`. */
  toJSON(): PolicyRouterSnapshot;
}

const defaultResilience: RouterResilienceOptions = {
  breaker: { threshold: 5, halfOpenAfterMs: 30_000 },
  timeoutMs: 60_000,
  retry: { maxAttempts: 1, initialDelayMs: 100, maxDelayMs: 2_000 },
};

const defaultClock: RouterClock = { now: () => performance.timeOrigin + performance.now() };

// Exponentially weighted average of successful call durations; used once a few calls were seen.
const latencyWeight = 0.2;
const latencyMinSamples = 3;

const circuitEventTypes = {
  open: 'provider.circuit.opened',
  half_open: 'provider.circuit.half_opened',
  closed: 'provider.circuit.closed',
} as const;

interface ProviderEntry {
  readonly provider: ModelProvider;
  readonly policy: ResiliencePolicy;
  observedLatencyMs: number | undefined;
  latencyAverage: number;
  latencySamples: number;
  lastOpenReason: string | undefined;
}

interface Candidate {
  readonly entry: ProviderEntry;
  readonly model: string | undefined;
}

function isKernelCode(code: unknown): code is KernelErrorCode {
  return typeof code === 'string' && Object.hasOwn(kernelErrorCatalogue, code);
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function inputModality(input: EmbedInput): ModelModality {
  return typeof input === 'string' ? 'text' : input.modality;
}

/** One call of a candidate provider under its policy's attempt signal. */
type CandidateCall<T> = (candidate: Candidate, signal: AbortSignal) => Promise<T>;

/** Builds the aggregate error of a routed request from the attempts made and the providers not tried. */
type RouteFailure = (attempts: readonly RouterAttempt[], notTried: readonly RouterExclusion[]) => Error;

/** The outcome of one candidate: its value, or the error that sends the request to the next one. */
type AttemptOutcome<T> = { readonly served: true; readonly value: T } | { readonly served: false; readonly error: Error };

/** The deadline of one routed call, fallbacks included (absent without `latencyBudgetMs`). */
interface LatencyBudget {
  readonly ms: number | undefined;
  /** What each attempt runs under: the budget's signal, else the caller's. */
  readonly signal: AbortSignal | undefined;
  readonly exhausted: boolean;
  cleanup(): void;
}

function startLatencyBudget(ms: number | undefined, signal: AbortSignal | undefined): LatencyBudget {
  if (ms === undefined) return { ms, signal, exhausted: false, cleanup: () => undefined };
  // Its abort reason is an AbortError so the provider's breaker does not blame the provider for our budget.
  const controller = new AbortController();
  let exhausted = false;
  const timer = setTimeout(() => {
    exhausted = true;
    controller.abort(new DOMException(`latency budget of ${ms} ms used up`, 'AbortError'));
  }, ms);
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  return {
    ms,
    signal: controller.signal,
    get exhausted() {
      return exhausted;
    },
    cleanup() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

function attemptOf(candidate: Candidate, startedAt: number, durationMs: number, error?: Error): RouterAttempt {
  const provider = candidate.entry.provider.name;
  const attempt: RouterAttempt =
    candidate.model === undefined ? { provider, startedAt, durationMs } : { provider, model: candidate.model, startedAt, durationMs };
  return error === undefined ? attempt : { ...attempt, error };
}

function recordLatency(entry: ProviderEntry, durationMs: number): void {
  entry.latencyAverage =
    entry.latencySamples === 0 ? durationMs : entry.latencyAverage + latencyWeight * (durationMs - entry.latencyAverage);
  entry.latencySamples += 1;
  if (entry.latencySamples >= latencyMinSamples) entry.observedLatencyMs = entry.latencyAverage;
}

function problemOf(provider: string, error: Error): KernelProblem {
  const code = CortexError.is(error) && isKernelCode(error.code) ? error.code : 'PROVIDER_REQUEST_FAILED';
  return { code, message: `${provider}: ${error.message}`, cause: error };
}

function aggregate(
  code: 'ROUTER_NO_PROVIDER' | 'ROUTER_MODEL_UNAVAILABLE',
  summary: string,
  excluded: readonly RouterExclusion[],
  attempts: readonly RouterAttempt[],
  notTried: readonly RouterExclusion[],
): KernelAggregateError {
  const problems: KernelProblem[] = [
    ...attempts.map((attempt) => problemOf(attempt.provider, attempt.error ?? new Error('failed'))),
    ...notTried.map(({ provider, reason }) => ({ code, message: `${provider}: ${reason}` })),
    ...excluded.map(({ provider, reason }) => ({ code, message: `${provider}: excluded, ${reason}` })),
  ];
  if (problems.length === 0) problems.push({ code, message: 'no model providers are registered' });
  return new KernelAggregateError(code, summary, problems);
}

/** Calls a provider's `embed` and refuses vectors of another model or of the wrong count. */
function embedWith(model: string, inputs: readonly EmbedInput[]): CandidateCall<EmbedResult> {
  return async (candidate, signal) => {
    const provider = candidate.entry.provider;
    const result = await (provider.embed as NonNullable<ModelProvider['embed']>).call(provider, inputs, { signal });
    if (result.model !== model || result.vectors.length !== inputs.length) {
      throw new KernelError(
        'PROVIDER_REQUEST_FAILED',
        result.model !== model
          ? `"${provider.name}" answered with embedding model "${result.model}" instead of "${model}"; its vectors were discarded so models never mix.`
          : `"${provider.name}" returned ${result.vectors.length} vectors for ${inputs.length} inputs; they were discarded.`,
        { details: { provider: provider.name, expectedModel: model, model: result.model, retryable: false } },
      );
    }
    return result;
  };
}

/** The options a candidate provider is called with: the request's, with the candidate's model. */
function callOptionsOf(candidate: Candidate, request: RouterGenerateRequest, signal: AbortSignal): GenerateOptions {
  return {
    signal,
    ...(candidate.model === undefined ? {} : { model: candidate.model }),
    ...(request.maxTokens === undefined ? {} : { maxTokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.tools === undefined ? {} : { tools: request.tools }),
    ...(request.toolChoice === undefined ? {} : { toolChoice: request.toolChoice }),
    ...(request.responseFormat === undefined ? {} : { responseFormat: request.responseFormat }),
  };
}

/** Opens a provider's stream; the candidate serves once its first part arrives. */
function streamWith(messages: readonly ChatMessage[], request: RouterGenerateRequest): CandidateCall<OpenedProviderStream> {
  return (candidate, signal) =>
    openProviderStream(candidate.entry.provider, messages, callOptionsOf(candidate, request, signal), signal, request.signal);
}

/** Calls a provider's `generate`; once a token has streamed, its failure is final. */
function generateWith(messages: readonly ChatMessage[], request: RouterGenerateRequest): CandidateCall<GenerateResult> {
  return async (candidate, signal) => {
    const provider = candidate.entry.provider;
    let streamed = false;
    const userOnToken = request.onToken;
    const callOptions: GenerateOptions = {
      ...callOptionsOf(candidate, request, signal),
      ...(userOnToken === undefined
        ? {}
        : {
            onToken: (token: string) => {
              streamed = true;
              userOnToken(token);
            },
          }),
    };
    try {
      return await (provider.generate as NonNullable<ModelProvider['generate']>).call(provider, messages, callOptions);
    } catch (error) {
      if (!streamed) throw error;
      // Tokens already reached the caller: a retry or another provider would repeat them.
      throw new KernelError(
        'PROVIDER_REQUEST_FAILED',
        `"${provider.name}" failed after streaming part of its answer; not retried or replaced, so no tokens are repeated: ${toError(error).message}`,
        { details: { provider: provider.name, streamed: true, retryable: false }, cause: error },
      );
    }
  };
}

/**
 * Creates the policy router: for each request, providers are ordered and filtered by policy,
 * then tried in turn through their own resilience policy until one serves.
 *
 * @remarks
 * A provider whose breaker is open fails at once (no call is made) and the next one is tried.
 * The caller's abort stops routing immediately; it never counts against a provider.
 * @throws {@link KernelError} `ROUTER_PROVIDER_DUPLICATE` when two providers share a name.
 * @example
 * ```ts
 * const router = createPolicyRouter({ providers: [mlx, ollama, openai], policy: { preferLocal: true } });
 * const { text, provider, fellBack } = await router.generate([{ role: 'user', content: 'Hi' }]);
 * const { vectors } = await router.embed(['hello'], { model: 'hashing-384', policy: { localOnly: true } });
 * ```
 * @public
 */
export function createPolicyRouter(options: CreatePolicyRouterOptions): PolicyRouter {
  return new ResilientPolicyRouter(options);
}

class ResilientPolicyRouter implements PolicyRouter {
  readonly providerNames: readonly string[];
  readonly healthIndicators: readonly HealthIndicator[];
  readonly #clock: RouterClock;
  readonly #runtimePolicy: RouterPolicy;
  readonly #embeddingModel: string | undefined;
  readonly #onEvent: ((event: RouterEvent) => void) | undefined;
  readonly #powerMode: PowerModeService | undefined;
  readonly #entries: ProviderEntry[] = [];
  readonly #byName = new Map<string, ProviderEntry>();

  constructor(options: CreatePolicyRouterOptions) {
    this.#clock = options.clock ?? defaultClock;
    this.#runtimePolicy = options.policy ?? {};
    this.#embeddingModel = options.embeddingModel;
    this.#onEvent = options.onEvent;
    this.#powerMode = options.powerMode;
    for (const provider of options.providers) this.#addProvider(provider, options);
    this.providerNames = this.#entries.map((entry) => entry.provider.name);
    this.healthIndicators = this.#entries.map((entry) => createProviderHealthIndicator(entry));
  }

  async embed(inputs: readonly EmbedInput[], request: RouterEmbedRequest = {}): Promise<RouterEmbedResult> {
    const policy = mergeRouterPolicy(this.#runtimePolicy, request.policy);
    const needed = new Set<ModelModality>(policy.requires?.modalities ?? []);
    for (const input of inputs) needed.add(inputModality(input));
    const { candidates: eligible, excluded } = planProviders(this.#entries, 'embed', policy, (entry) => {
      const embedding = entry.provider.capabilities.embedding;
      if (embedding === undefined) return 'declares no embedding model';
      const missing = [...needed].filter((modality) => !embedding.modalities.includes(modality));
      return missing.length === 0 ? undefined : `cannot embed ${missing.join(', ')}`;
    });
    const model = request.model ?? this.#embeddingModel ?? eligible[0]?.provider.capabilities.embedding?.model;
    if (model === undefined) {
      throw aggregate('ROUTER_NO_PROVIDER', 'No provider can embed this request:', excluded, [], []);
    }
    const candidates: Candidate[] = [];
    const modelExcluded: RouterExclusion[] = [...excluded];
    for (const entry of eligible) {
      const served = entry.provider.capabilities.embedding?.model;
      if (served === model) candidates.push({ entry, model });
      else modelExcluded.push({ provider: entry.provider.name, reason: `serves embedding model "${served}", not "${model}"` });
    }
    const fail: RouteFailure = (attempts, notTried) =>
      aggregate(
        'ROUTER_MODEL_UNAVAILABLE',
        `No provider could embed with model "${model}" (embeddings never mix models; the caller may degrade, e.g. to keyword search):`,
        modelExcluded,
        attempts,
        notTried,
      );
    const routed = await this.#route('embed', this.#cheapestFirst(candidates), policy, request.signal, embedWith(model, inputs), fail);
    const { value, served, attempts } = routed;
    return {
      model: value.model,
      dimensions: value.dimensions,
      vectors: value.vectors,
      provider: served,
      fellBack: attempts.length > 1,
      attempts,
    };
  }

  async generate(messages: readonly ChatMessage[], request: RouterGenerateRequest = {}): Promise<RouterGenerateResult> {
    const { candidates, policy, fail } = this.#planGeneration(messages, request, false);
    const routed = await this.#route('generate', candidates, policy, request.signal, generateWith(messages, request), fail);
    const { value, served, attempts } = routed;
    return { ...value, provider: served, fellBack: attempts.length > 1, attempts };
  }

  async stream(messages: readonly ChatMessage[], request: RouterGenerateRequest = {}): Promise<RouterStreamResult> {
    const { candidates, policy, fail } = this.#planGeneration(messages, request, true);
    const routed = await this.#route('generate', candidates, policy, request.signal, streamWith(messages, request), fail);
    const { value, served, attempts } = routed;
    const model = attempts.at(-1)?.model;
    return {
      ...(model === undefined ? {} : { model }),
      provider: served,
      fellBack: attempts.length > 1,
      attempts,
      parts: continueProviderStream(served, value, request.signal),
    };
  }

  /** In low-power mode, the same providers cheapest first (a stable sort: the policy's order among equals). */
  #cheapestFirst<T extends ProviderEntry | Candidate>(list: T[]): T[] {
    if (this.#powerMode?.mode !== 'low-power') return list;
    const cost = (item: ProviderEntry | Candidate): number => ('entry' in item ? item.entry : item).provider.capabilities.relativeCost;
    return [...list].sort((a, b) => cost(a) - cost(b));
  }

  /** Orders the providers that can serve a generation (preferred model first) and builds its failure. */
  #planGeneration(
    messages: readonly ChatMessage[],
    request: RouterGenerateRequest,
    streaming: boolean,
  ): { readonly candidates: Candidate[]; readonly policy: RouterPolicy; readonly fail: RouteFailure } {
    checkToolChoice(request.tools, request.toolChoice);
    const requires = generationRequirement(messages, request, streaming);
    const merged = mergeRouterPolicy(this.#runtimePolicy, request.policy);
    // The request's abilities only add `true` flags: a spread is the whole merge, at a fraction of its cost.
    const policy = requires === undefined ? merged : { ...merged, requires: { ...merged.requires, ...requires } };
    const planned = planProviders(this.#entries, 'generate', policy, () => undefined);
    const { excluded } = planned;
    const eligible = this.#cheapestFirst(planned.candidates);
    const requested = request.model;
    const candidates: Candidate[] = [];
    const others: Candidate[] = [];
    const allExcluded: RouterExclusion[] = [...excluded];
    for (const entry of eligible) {
      const models = entry.provider.capabilities.generationModels ?? [];
      if (requested === undefined || models.includes(requested)) candidates.push({ entry, model: requested ?? models[0] });
      else if (policy.allowModelFallback === false)
        allExcluded.push({ provider: entry.provider.name, reason: `does not serve model "${requested}" and model fallback is off` });
      else others.push({ entry, model: models[0] });
    }
    candidates.push(...others);
    const verb = streaming ? 'stream' : 'generate';
    const fail: RouteFailure = (attempts, notTried) =>
      aggregate(
        'ROUTER_NO_PROVIDER',
        `No provider could ${verb}${requested === undefined ? '' : ` (model "${requested}" preferred)`}:`,
        allExcluded,
        attempts,
        notTried,
      );
    return { candidates, policy, fail };
  }

  circuitState(provider: string): CircuitBreakerState {
    const entry = this.#byName.get(provider);
    if (entry === undefined) {
      const known = [...this.#byName.keys()].join(', ') || 'none';
      throw new KernelError('ROUTER_PROVIDER_UNKNOWN', `No model provider named "${provider}" is registered; known: ${known}.`, {
        details: { provider, known },
      });
    }
    return entry.policy.state;
  }

  toJSON(): PolicyRouterSnapshot {
    const providers: Record<string, ResiliencePolicySnapshot> = {};
    for (const entry of this.#entries) providers[entry.provider.name] = entry.policy.toJSON();
    return { providers };
  }

  #addProvider(provider: ModelProvider, options: CreatePolicyRouterOptions): void {
    if (this.#byName.has(provider.name))
      throw new KernelError(
        'ROUTER_PROVIDER_DUPLICATE',
        `Two model providers are named "${provider.name}"; give each provider a unique name.`,
        { details: { provider: provider.name } },
      );
    const settings =
      typeof options.resilience === 'function' ? options.resilience(provider) : { ...defaultResilience, ...options.resilience };
    const initialState = options.initialState?.providers[provider.name];
    const policy = createResiliencePolicy({ ...settings, name: provider.name, ...(initialState === undefined ? {} : { initialState }) });
    const entry: ProviderEntry = {
      provider,
      policy,
      observedLatencyMs: undefined,
      latencyAverage: 0,
      latencySamples: 0,
      lastOpenReason: undefined,
    };
    policy.onStateChange((change) => this.#circuitChanged(entry, change));
    this.#entries.push(entry);
    this.#byName.set(provider.name, entry);
  }

  #circuitChanged(entry: ProviderEntry, change: ResilienceStateChange): void {
    if (change.to === 'open') entry.lastOpenReason = change.error?.message;
    if (this.#onEvent === undefined || change.to === 'isolated') return;
    this.#emit({
      type: circuitEventTypes[change.to],
      time: this.#clock.now(),
      data: {
        provider: entry.provider.name,
        from: change.from,
        to: change.to,
        ...(change.to === 'open' && change.error ? { reason: change.error.message } : {}),
      },
    });
  }

  #emit(event: RouterEvent): void {
    try {
      this.#onEvent?.(event);
    } catch {
      // A failing listener must never break routing.
    }
  }

  /**
   * Tries candidates in order. `call` runs one provider under its policy's signal.
   * Returns the first success, or throws the aggregate built by `fail`.
   */
  async #route<T>(
    operation: ModelOperation,
    candidates: readonly Candidate[],
    policy: RouterPolicy,
    signal: AbortSignal | undefined,
    call: CandidateCall<T>,
    fail: RouteFailure,
  ): Promise<{ value: T; served: string; attempts: RouterAttempt[] }> {
    if (signal?.aborted === true) throw signal.reason;
    const attempts: RouterAttempt[] = [];
    // One deadline for the whole routed call, fallbacks included.
    const budget = startLatencyBudget(policy.latencyBudgetMs, signal);
    try {
      for (let index = 0; index < candidates.length; index++) {
        const candidate = candidates[index] as Candidate;
        if (budget.exhausted) {
          const notTried = candidates
            .slice(index)
            .map((c) => ({ provider: c.entry.provider.name, reason: `not tried: the latency budget of ${budget.ms} ms was used up` }));
          throw fail(attempts, notTried);
        }
        const outcome = await this.#attempt(candidate, budget, signal, call, attempts);
        if (outcome.served) return { value: outcome.value, served: candidate.entry.provider.name, attempts };
        if (CortexError.is(outcome.error) && outcome.error.details['streamed'] === true) throw outcome.error;
        if (!budget.exhausted) this.#fellBack(operation, candidate, candidates[index + 1], outcome.error);
      }
      throw fail(attempts, []);
    } finally {
      budget.cleanup();
    }
  }

  /** Calls one candidate under its resilience policy and records the attempt. */
  async #attempt<T>(
    candidate: Candidate,
    budget: LatencyBudget,
    signal: AbortSignal | undefined,
    call: CandidateCall<T>,
    attempts: RouterAttempt[],
  ): Promise<AttemptOutcome<T>> {
    const { entry } = candidate;
    const startedAt = this.#clock.now();
    try {
      const value = await entry.policy.execute((attemptSignal) => call(candidate, attemptSignal), budget.signal);
      const durationMs = this.#clock.now() - startedAt;
      recordLatency(entry, durationMs);
      attempts.push(attemptOf(candidate, startedAt, durationMs));
      return { served: true, value };
    } catch (thrown) {
      // Read through a function: TypeScript would keep the narrowing from before the await.
      if (isAborted(signal)) throw (signal as AbortSignal).reason;
      const error =
        budget.exhausted && !CortexError.is(thrown)
          ? new KernelError(
              'RESILIENCE_TIMEOUT',
              `The latency budget of ${budget.ms} ms was used up while "${entry.provider.name}" was answering.`,
              {
                details: { name: entry.provider.name, timeoutMs: budget.ms },
                cause: thrown,
              },
            )
          : toError(thrown);
      attempts.push(attemptOf(candidate, startedAt, this.#clock.now() - startedAt, error));
      return { served: false, error };
    }
  }

  /** Announces that a failed candidate hands the request to the next one. */
  #fellBack(operation: ModelOperation, from: Candidate, next: Candidate | undefined, error: Error): void {
    if (next === undefined || this.#onEvent === undefined) return;
    this.#emit({
      type: 'router.fallback',
      time: this.#clock.now(),
      data: {
        operation,
        from: from.entry.provider.name,
        to: next.entry.provider.name,
        reason: error.message,
        ...(CortexError.is(error) ? { code: error.code } : {}),
        ...(next.model === undefined ? {} : { model: next.model }),
      },
    });
  }
}

function createProviderHealthIndicator(entry: ProviderEntry): HealthIndicator {
  const { provider, policy } = entry;
  return {
    name: `router.${provider.name}:availability`,
    critical: false,
    async check(signal) {
      const state = policy.state;
      if (state === 'open' || state === 'isolated') {
        return {
          status: 'fail',
          componentType: 'component',
          output: `circuit breaker is ${state} after repeated failures${entry.lastOpenReason === undefined ? '' : ` (last: ${entry.lastOpenReason})`}; requests fall back to other providers`,
        };
      }
      const latency =
        entry.observedLatencyMs === undefined ? {} : { observedValue: Math.round(entry.observedLatencyMs), observedUnit: 'ms' };
      try {
        const health = await provider.health({ signal });
        if (!health.available)
          return { status: 'fail', componentType: 'component', output: health.reason ?? 'provider reports itself unavailable' };
        if (state === 'half_open')
          return { status: 'warn', componentType: 'component', output: 'circuit breaker is half-open: probing after failures', ...latency };
        return { status: 'pass', componentType: 'component', ...latency };
      } catch (error) {
        return { status: 'fail', componentType: 'component', output: `health check failed: ${toError(error).message}` };
      }
    },
  };
}
