import type { ModelProvider, ModelTokenPrices, RouterPolicy } from '@cortex-os/kernel/router';

/**
 * What the providers that may serve an agent charge: the price of each, the highest (to bound a
 * call before the router picks who serves), and those that declare none.
 */
export interface AgentPricing {
  /** Names of the generating providers the agent's policy allows, in registration order. */
  readonly candidates: readonly string[];
  /** Declared prices by provider name. */
  readonly byProvider: ReadonlyMap<string, ModelTokenPrices>;
  /** The highest input and output prices among the candidates; absent when none declares prices. */
  readonly worst: ModelTokenPrices | undefined;
  /** The lowest input price among the candidates; absent when none declares prices. */
  readonly cheapestInputPer1k: number | undefined;
  /** Candidates without declared prices. */
  readonly unpriced: readonly string[];
}

/** True when the provider generates and the agent's policy allows it (order and locality; the router checks the rest per call). */
function mayServe(provider: ModelProvider, policy: RouterPolicy | undefined): boolean {
  const { capabilities } = provider;
  if (!capabilities.operations.includes('generate')) return false;
  if (policy?.order !== undefined && !policy.order.includes(provider.name)) return false;
  return !(policy?.localOnly === true && capabilities.locality !== 'local');
}

/** The pricing of the providers that may serve an agent with `policy`. */
export function agentPricing(providers: readonly ModelProvider[], policy: RouterPolicy | undefined): AgentPricing {
  const candidates = providers.filter((provider) => mayServe(provider, policy));
  const byProvider = new Map<string, ModelTokenPrices>();
  for (const provider of providers)
    if (provider.capabilities.prices !== undefined) byProvider.set(provider.name, provider.capabilities.prices);
  const priced = candidates.flatMap((provider) => (provider.capabilities.prices === undefined ? [] : [provider.capabilities.prices]));
  return {
    candidates: candidates.map((provider) => provider.name),
    byProvider,
    worst:
      priced.length === 0
        ? undefined
        : {
            inputPer1k: Math.max(...priced.map((prices) => prices.inputPer1k)),
            outputPer1k: Math.max(...priced.map((prices) => prices.outputPer1k)),
          },
    cheapestInputPer1k: priced.length === 0 ? undefined : Math.min(...priced.map((prices) => prices.inputPer1k)),
    unpriced: candidates.filter((provider) => provider.capabilities.prices === undefined).map((provider) => provider.name),
  };
}

/** The cost of `tokens` at a price per 1,000. */
export function costOf(tokens: number, per1k: number): number {
  return (tokens * per1k) / 1000;
}
