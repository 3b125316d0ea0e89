import { CortexError, KernelAggregateError } from '@cortex-os/kernel';
import type { ModelProvider, PolicyRouter, RouterRoute } from '@cortex-os/kernel/router';

/** One line per provider: who served, and why each other one did not. */
export async function explainRoute(
  route: RouterRoute & { readonly model: string },
  providers: readonly ModelProvider[],
  operation: 'embed' | 'generate',
): Promise<string[]> {
  const lines = [`served by ${route.provider} (model ${route.model})${route.fellBack ? ', after falling back' : ''}`];
  for (const provider of providers) {
    if (provider.name === route.provider) continue;
    const attempt = route.attempts.find((a) => a.provider === provider.name);
    lines.push(`  ${provider.name}: ${attempt?.error?.message ?? (await whyNot(provider, operation, route.model))}`);
  }
  return lines;
}

/** The failure of a request no provider could serve, one line per provider. */
export function explainFailure(error: unknown): string[] {
  if (error instanceof KernelAggregateError)
    return [`no provider could serve [${error.code}]`, ...error.problems.map((p) => `  ${p.message}`)];
  if (CortexError.is(error)) return [`failed [${error.code}]: ${error.message}`];
  throw error;
}

async function whyNot(provider: ModelProvider, operation: 'embed' | 'generate', model: string): Promise<string> {
  const health = await provider.health({ signal: AbortSignal.timeout(2_000) });
  if (!health.available) return `unavailable — ${health.reason ?? 'no reason given'}`;
  if (!provider.capabilities.operations.includes(operation)) return `does not ${operation}`;
  if (operation === 'embed' && provider.capabilities.embedding?.model !== model)
    return `serves embedding model ${provider.capabilities.embedding?.model ?? '?'}, not ${model} (embeddings never mix models)`;
  return 'not needed (an earlier provider served)';
}

/** Runs one embed and one generate request through the router and describes what happened. */
export async function demonstrateRouting(
  router: PolicyRouter,
  providers: readonly ModelProvider[],
  embeddingModel: string,
): Promise<string[]> {
  const lines: string[] = [];
  try {
    const embedded = await router.embed(['Plugins start in dependency order.'], { model: embeddingModel });
    lines.push(`embed 1 text → ${embedded.dimensions}-d vector, ${(await explainRoute(embedded, providers, 'embed')).join('\n')}`);
  } catch (error) {
    lines.push(`embed → ${explainFailure(error).join('\n')}`);
  }
  try {
    const generated = await router.generate([{ role: 'user', content: 'Say hello in five words.' }], { maxTokens: 32 });
    lines.push(`generate → "${generated.text.trim()}", ${(await explainRoute(generated, providers, 'generate')).join('\n')}`);
  } catch (error) {
    lines.push(`generate → ${explainFailure(error).join('\n')}`);
  }
  return lines;
}
