import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CortexError, type KernelAggregateError } from '@cortex-os/kernel';
import { createPolicyRouter } from '@cortex-os/kernel/internal';
import type { ChatMessage, GenerateOptions, PolicyRouter, RouterRoute } from '@cortex-os/kernel/router';
import { mergeRouterPolicy, type RouterPolicy } from '../../src/router/RouterPolicy.js';
import { scriptedProvider, type ScriptedProvider } from './scriptedProvider.js';

const hello = [{ role: 'user' as const, content: 'hello' }];
// No retry or timeout: these properties are about choice and order, not time.
const resilience = { breaker: { threshold: 5 }, retry: false } as const;

interface ProviderSpec {
  readonly locality: 'local' | 'remote';
  readonly cost: number;
  readonly fails: boolean;
  readonly model: 'm1' | 'm2' | 'm3';
  readonly lies: boolean;
}

const providerSpec: fc.Arbitrary<ProviderSpec> = fc.record({
  locality: fc.constantFrom('local' as const, 'remote' as const),
  cost: fc.integer({ min: 0, max: 10 }),
  fails: fc.boolean(),
  model: fc.constantFrom('m1' as const, 'm2' as const, 'm3' as const),
  lies: fc.boolean(),
});

const policyArb = (names: readonly string[]): fc.Arbitrary<RouterPolicy> =>
  fc.record(
    {
      localOnly: fc.boolean(),
      preferLocal: fc.boolean(),
      maxRelativeCost: fc.integer({ min: 0, max: 10 }),
      order: fc.shuffledSubarray([...names]),
    },
    { requiredKeys: [] },
  );

function build(specs: readonly ProviderSpec[], kind: 'generate' | 'embed'): ScriptedProvider[] {
  return specs.map((spec, i) =>
    scriptedProvider(
      `p${i}`,
      kind === 'generate'
        ? { locality: spec.locality, relativeCost: spec.cost, fail: spec.fails }
        : {
            locality: spec.locality,
            relativeCost: spec.cost,
            fail: spec.fails,
            embeddingModel: spec.model,
            ...(spec.lies ? { answerModel: 'other' } : {}),
          },
    ),
  );
}

describe('policy router properties', () => {
  it('never calls or serves from a remote provider under localOnly, whatever the request asks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(providerSpec, { maxLength: 6 })
          .chain((specs) => fc.tuple(fc.constant(specs), policyArb(specs.map((_, i) => `p${i}`)), fc.boolean())),
        async ([specs, requestPolicy, runtimeLocalOnly]) => {
          const providers = build(specs, 'generate');
          // Either the runtime or the request says localOnly; the request may try to lift the runtime's.
          const router = createPolicyRouter({ providers, resilience, policy: { localOnly: runtimeLocalOnly } });
          const policy = runtimeLocalOnly ? requestPolicy : { ...requestPolicy, localOnly: true };
          const result = await router.generate(hello, { policy }).catch((error: unknown) => error as Error);
          for (const provider of providers) if (provider.capabilities.locality === 'remote') expect(provider.calls).toBe(0);
          if (!(result instanceof Error)) expect(providers.find((p) => p.name === result.provider)?.capabilities.locality).toBe('local');
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });

  it('never changes the embedding model while falling back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(providerSpec, { maxLength: 6 }), fc.constantFrom('m1', 'm2', 'm3'), async (specs, model) => {
        const providers = build(specs, 'embed');
        const router = createPolicyRouter({ providers, resilience });
        const result = await router.embed(['x'], { model }).catch((error: unknown) => error as Error);
        for (const provider of providers) if (provider.capabilities.embedding?.model !== model) expect(provider.calls).toBe(0);
        if (result instanceof Error) {
          expect(CortexError.is(result, 'ROUTER_MODEL_UNAVAILABLE')).toBe(true);
          const canServe = specs.some((s) => s.model === model && !s.fails && !s.lies);
          expect(canServe).toBe(false);
        } else {
          expect(result.model).toBe(model);
          for (const attempt of result.attempts) expect(attempt.model).toBe(model);
        }
      }),
      { seed: 12, numRuns: 200 },
    );
  });

  it('serves from the first eligible healthy provider in policy order, after trying exactly the ones before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(providerSpec, { maxLength: 6 }).chain((specs) => fc.tuple(fc.constant(specs), policyArb(specs.map((_, i) => `p${i}`)))),
        async ([specs, policy]) => {
          const providers = build(specs, 'generate');
          const router = createPolicyRouter({ providers, resilience });
          const result = await router.generate(hello, { policy }).catch((error: unknown) => error as Error);

          // The expected choice, derived from the policy's definition rather than the router's code.
          const registered = specs.map((spec, i) => ({ ...spec, name: `p${i}` }));
          let ordered = registered;
          if (policy.order !== undefined)
            ordered = policy.order.map((name) => registered.find((r) => r.name === name)).filter((r) => r !== undefined);
          else if (policy.preferLocal === true)
            ordered = [...registered.filter((r) => r.locality === 'local'), ...registered.filter((r) => r.locality === 'remote')];
          const eligible = ordered.filter(
            (r) =>
              (policy.localOnly !== true || r.locality === 'local') &&
              (policy.maxRelativeCost === undefined || r.cost <= policy.maxRelativeCost),
          );
          const servedIndex = eligible.findIndex((r) => !r.fails);

          if (servedIndex === -1) {
            expect(CortexError.is(result, 'ROUTER_NO_PROVIDER')).toBe(true);
          } else {
            expect(result).not.toBeInstanceOf(Error);
            const served = result as Awaited<ReturnType<typeof router.generate>>;
            expect(served.provider).toBe(eligible[servedIndex]?.name);
            expect(served.attempts.map((a) => a.provider)).toEqual(eligible.slice(0, servedIndex + 1).map((r) => r.name));
            expect(served.fellBack).toBe(servedIndex > 0);
          }
        },
      ),
      { seed: 13, numRuns: 300 },
    );
  });
});

interface AbilitySpec {
  readonly tools: boolean;
  readonly structuredOutput: boolean;
  readonly streaming: boolean;
  readonly fails: boolean;
}

const abilitySpec: fc.Arbitrary<AbilitySpec> = fc.record({
  tools: fc.boolean(),
  structuredOutput: fc.boolean(),
  streaming: fc.boolean(),
  fails: fc.boolean(),
});

interface AbilityNeeds {
  readonly tools: boolean;
  readonly structuredOutput: boolean;
  readonly streaming: boolean;
  /** Ask through the runtime policy's `requires` rather than the request's content. */
  readonly viaPolicy: boolean;
}

const needsArb: fc.Arbitrary<AbilityNeeds> = fc.record({
  tools: fc.boolean(),
  structuredOutput: fc.boolean(),
  streaming: fc.boolean(),
  viaPolicy: fc.boolean(),
});

const abilityWords = { tools: 'tool calling', structuredOutput: 'structured output', streaming: 'streaming' } as const;

async function routeWith(router: PolicyRouter, needs: AbilityNeeds): Promise<RouterRoute | Error> {
  const options: GenerateOptions = needs.viaPolicy
    ? {}
    : {
        ...(needs.tools ? { tools: [{ name: 't', description: 'T.', inputSchema: { type: 'object' } }] } : {}),
        ...(needs.structuredOutput ? { responseFormat: { type: 'json_schema', name: 'o', schema: { type: 'object' } } as const } : {}),
      };
  const messages: ChatMessage[] = hello;
  return (needs.streaming ? router.stream(messages, options) : router.generate(messages, options)).catch(
    (error: unknown) => error as Error,
  );
}

describe('capability routing properties', () => {
  it('calls only providers with every ability the request needs, serves from the first healthy one, and says why the others were skipped', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(abilitySpec, { maxLength: 6 }), needsArb, async (specs, needs) => {
        const providers = specs.map((spec, i) =>
          scriptedProvider(`p${i}`, {
            tools: spec.tools,
            structuredOutput: spec.structuredOutput,
            streaming: spec.streaming,
            fail: spec.fails,
          }),
        );
        const required = (['tools', 'structuredOutput', 'streaming'] as const).filter((ability) => needs[ability]);
        const policy: RouterPolicy = needs.viaPolicy
          ? { requires: { ...(needs.tools ? { tools: true } : {}), ...(needs.structuredOutput ? { structuredOutput: true } : {}) } }
          : {};
        const router = createPolicyRouter({ providers, resilience, policy });
        const result = await routeWith(router, needs);

        const able = specs.map((spec) => required.every((ability) => spec[ability]));
        providers.forEach((provider, i) => {
          if (!able[i]) expect(provider.calls).toBe(0);
        });
        const servedIndex = specs.findIndex((spec, i) => able[i] && !spec.fails);
        if (servedIndex === -1) {
          expect(CortexError.is(result, 'ROUTER_NO_PROVIDER')).toBe(true);
          const messages = (result as KernelAggregateError).problems.map((problem) => problem.message);
          specs.forEach((spec, i) => {
            const missing = required.find((ability) => !spec[ability]);
            if (missing !== undefined)
              expect(messages).toContain(
                `p${i}: excluded, does not declare ${abilityWords[missing]} (capabilities.${missing}) and ${reasonOf(missing)}`,
              );
          });
        } else {
          expect(result).not.toBeInstanceOf(Error);
          const route = result as RouterRoute;
          expect(route.provider).toBe(`p${servedIndex}`);
          expect(route.attempts.map((attempt) => attempt.provider)).toEqual(
            specs.flatMap((_, i) => (able[i] && i <= servedIndex ? [`p${i}`] : [])),
          );
        }
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});

function reasonOf(ability: 'tools' | 'structuredOutput' | 'streaming'): string {
  return {
    tools: 'the request offers tools or carries tool calls',
    structuredOutput: 'the request asks for a response format',
    streaming: 'the request streams',
  }[ability];
}

describe('mergeRouterPolicy', () => {
  it('requires an ability when either the runtime or the request does, and never drops one', () => {
    fc.assert(
      fc.property(needsArb, needsArb, (runtime, request) => {
        const toPolicy = (needs: AbilityNeeds): RouterPolicy => ({
          requires: {
            ...(needs.tools ? { tools: true } : {}),
            ...(needs.structuredOutput ? { structuredOutput: true } : {}),
            ...(needs.streaming ? { streaming: true } : {}),
          },
        });
        const merged = mergeRouterPolicy(toPolicy(runtime), toPolicy(request));
        for (const ability of ['tools', 'structuredOutput', 'streaming'] as const)
          expect(merged.requires?.[ability] === true).toBe(runtime[ability] || request[ability]);
      }),
      { seed: 15, numRuns: 100 },
    );
  });

  it('keeps the stricter of runtime and request limits', () => {
    expect(
      mergeRouterPolicy(
        { localOnly: true, latencyBudgetMs: 500, maxRelativeCost: 3, requires: { modalities: ['text'], contextLength: 4_000 } },
        {
          localOnly: false,
          latencyBudgetMs: 900,
          maxRelativeCost: 1,
          requires: { modalities: ['image'], contextLength: 2_000 },
          preferLocal: true,
        },
      ),
    ).toEqual({
      localOnly: true,
      preferLocal: true,
      latencyBudgetMs: 500,
      maxRelativeCost: 1,
      requires: { modalities: ['text', 'image'], contextLength: 4_000 },
    });
  });
});
