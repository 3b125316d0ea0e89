import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { CortexError, definePlugin, KernelAggregateError, type Logger } from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken, routerPlugin, type ModelProvider } from '@cortex-os/kernel/router';
import { createTestKernel, expectCortexError } from '@cortex-os/kernel/testing';
import { defineProviderPlugin, type ProviderPluginCreateContext } from '@cortex-os/provider-kit';

/** A provider that answers every generate call with its own name, and records when it is closed. */
function fakeProvider(name: string, journal: string[] = []): ModelProvider {
  return {
    name,
    capabilities: { operations: ['generate'], generationModels: ['m'], locality: 'local', relativeCost: 0 },
    health: () => Promise.resolve({ available: true }),
    generate: () => Promise.resolve({ model: 'm', text: `from ${name}`, finishReason: 'stop' }),
    close: () => {
      journal.push(`close ${name}`);
      return Promise.resolve();
    },
  };
}

const acmeOptions = z.strictObject({
  baseUrl: z.url({ protocol: /^https?$/ }).exactOptional(),
  names: z.array(z.string().min(1)).default(['acme']),
});

/** The error a failed `kernel.start()` reports for its only problem. */
async function startProblem(plugin: ReturnType<ReturnType<typeof defineProviderPlugin>>) {
  const kernel = createTestKernel({ plugins: [routerPlugin(), plugin] });
  const error = await expectCortexError(kernel.start(), 'KERNEL_START_FAILED');
  expect(error).toBeInstanceOf(KernelAggregateError);
  const problems = (error as KernelAggregateError).problems;
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('defineProviderPlugin', () => {
  it('contributes the provider create returns to the router, which routes to it', async () => {
    const acmePlugin = defineProviderPlugin({ name: 'acme', version: '1.0.0', create: () => fakeProvider('acme') });
    expect([acmePlugin.pluginName, acmePlugin.pluginVersion]).toEqual(['acme', '1.0.0']);
    await using kernel = createTestKernel({ plugins: [routerPlugin(), acmePlugin()] });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['acme']);
    expect(await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'hi' }])).toMatchObject({
      provider: 'acme',
      text: 'from acme',
    });
  });

  it('contributes every provider of an array, from an async create given the parsed options and its context', async () => {
    const contexts: ProviderPluginCreateContext[] = [];
    const acmePlugin = defineProviderPlugin({
      name: 'acme',
      version: '1.0.0',
      options: acmeOptions,
      create: async (options, context) => {
        contexts.push(context);
        await Promise.resolve();
        return options.names.map((name) => fakeProvider(name));
      },
    });
    await using kernel = createTestKernel({ plugins: [routerPlugin(), acmePlugin({ names: ['a', 'b'] })] });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['a', 'b']);
    expect(contexts).toHaveLength(1);
    expect(contexts[0]?.pluginName).toBe('acme');
    expect(contexts[0]?.signal.aborted).toBe(false);
    contexts[0]?.logger.info('created');
    expect(kernel.logs.entries().some((entry) => entry.plugin === 'acme' && entry.msg === 'created')).toBe(true);
  });

  it('accepts no provider at all, for options that turn every provider off', async () => {
    const acmePlugin = defineProviderPlugin({ name: 'acme', version: '1.0.0', create: () => [] });
    const other = defineProviderPlugin({ name: 'other', version: '1.0.0', create: () => fakeProvider('other') });
    await using kernel = createTestKernel({ plugins: [routerPlugin(), acmePlugin(), other()] });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['other']);
  });

  it('checks the options when the runtime is assembled, naming the plugin and every bad field', () => {
    const acmePlugin = defineProviderPlugin({ name: 'acme', version: '1.0.0', options: acmeOptions, create: () => fakeProvider('acme') });
    expect(() => createTestKernel({ plugins: [routerPlugin(), acmePlugin({ baseUrl: 'ftp://host', names: [''] })] })).toThrow(
      'Cannot assemble the runtime: 1 problem:\n  - [PLUGIN_OPTIONS_INVALID] Plugin "acme" options are invalid: baseUrl: Invalid URL; names[0]: Too small: expected string to have >=1 characters.',
    );
    expect(() => createTestKernel({ plugins: [routerPlugin(), acmePlugin({ baseUrl: 'http://h', nmes: [] } as never)] })).toThrow(
      'Plugin "acme" options are invalid: (root): Unrecognized key: "nmes".',
    );
  });

  it('reads keys set to undefined as not set, even under a strict schema', async () => {
    const seen: unknown[] = [];
    const acmePlugin = defineProviderPlugin({
      name: 'acme',
      version: '1.0.0',
      options: acmeOptions,
      create: (options) => {
        seen.push(options);
        return fakeProvider('acme');
      },
    });
    await using kernel = createTestKernel({ plugins: [routerPlugin(), acmePlugin({ baseUrl: undefined } as never)] });
    await kernel.start();
    expect(seen).toEqual([{ names: ['acme'] }]);
  });

  it('rejects a bad definition at once, listing every problem', async () => {
    const error = await expectCortexError(
      () => defineProviderPlugin({ name: 'Acme', version: '1', options: { parse: 'no' } as never, create: undefined as never }),
      'PLUGIN_DEFINITION_INVALID',
    );
    expect(error.message).toBe(
      'Plugin "Acme" is invalid: name "Acme" must be lowercase letters, digits and dashes, starting with a letter; version "1" is not semver (e.g. "1.0.0"); create is not a function; give `create: (options, context) => provider`; options is not a zod schema (e.g. `z.strictObject({ … })`).',
    );
    expect(error.details['plugin']).toBe('Acme');
    await expectCortexError(() => defineProviderPlugin({ name: 'Acme', version: '1.0.0', create: () => [] }), 'PLUGIN_DEFINITION_INVALID');
  });

  it('fails the start naming the plugin when create throws, and keeps what it threw as the cause', async () => {
    const boom = new Error('connection pool exhausted');
    const problem = await startProblem(
      defineProviderPlugin({
        name: 'acme',
        version: '1.0.0',
        create: () => {
          throw boom;
        },
      })(),
    );
    expect(problem).toMatchObject({ code: 'PLUGIN_HOOK_FAILED', plugin: 'acme' });
    expect(problem.message).toBe('Plugin "acme" hook "start" failed: connection pool exhausted');
    expect((problem.cause as Error).cause).toBe(boom);

    const coded = await startProblem(
      defineProviderPlugin({
        name: 'acme',
        version: '1.0.0',
        create: () => Promise.reject(new CortexError('ACME_KEY_MISSING', 'no API key')),
      })(),
    );
    expect(coded.message).toBe('Plugin "acme" hook "start" failed [ACME_KEY_MISSING]: no API key');
  });

  it('fails the start saying what came back when create returns something other than providers', async () => {
    const missing = await startProblem(defineProviderPlugin({ name: 'acme', version: '1.0.0', create: () => undefined as never })());
    expect(missing.message).toBe(
      'Plugin "acme" hook "start" failed [PLUGIN_PROVIDE_MISSING]: Provider plugin "acme": create() returned undefined instead of a ModelProvider or an array of them; did you forget to `return` the provider?',
    );
    const wrong = await startProblem(
      defineProviderPlugin({
        name: 'acme',
        version: '1.0.0',
        create: () => [fakeProvider('a'), { name: '', health: 'ok' }, fakeProvider, 7] as never,
      })(),
    );
    expect(wrong.message).toBe(
      'Plugin "acme" hook "start" failed [PLUGIN_PROVIDE_MISSING]: Provider plugin "acme": create() returned something that is not a ModelProvider: [1] no `name` (a non-empty string); [1] no `capabilities` object; [1] no `health()` method; [2] a function, not a provider; call it (e.g. `createAcmeProvider(options)`); [3] number, not a provider object.',
    );
  });

  it('leaves closing to the router: each provider closes exactly once, after the plugins using the router have stopped', async () => {
    const journal: string[] = [];
    const acmePlugin = defineProviderPlugin({
      name: 'acme',
      version: '1.0.0',
      create: () => [fakeProvider('a', journal), fakeProvider('b', journal)],
    });
    const consumer = definePlugin({
      name: 'consumer',
      version: '1.0.0',
      requires: { router: policyRouterToken },
      stop: () => void journal.push('consumer stopped'),
    });
    const kernel = createTestKernel({ plugins: [consumer(), routerPlugin(), acmePlugin()] });
    await kernel.start();
    await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'hi' }]);
    expect(journal).toEqual([]);
    expect((await kernel.stop()).ok).toBe(true);
    await kernel.stop();
    expect(journal).toEqual(['consumer stopped', 'close a', 'close b']);
  });

  it('types create from the options schema, and refuses a create that returns no provider', () => {
    defineProviderPlugin({
      name: 'acme',
      version: '1.0.0',
      options: acmeOptions,
      create: (options, context) => {
        expectTypeOf(options).toEqualTypeOf<{ baseUrl?: string; names: string[] }>();
        expectTypeOf(context.logger).toEqualTypeOf<Logger>();
        return fakeProvider('acme');
      },
    });
    const withoutOptions = defineProviderPlugin({
      name: 'acme',
      version: '1.0.0',
      create: (options) => {
        expectTypeOf(options).toEqualTypeOf<undefined>();
        return fakeProvider('acme');
      },
    });
    expect(withoutOptions.pluginName).toBe('acme');
    // @ts-expect-error a create must return providers, not a string
    expect(() => defineProviderPlugin({ name: 'acme', version: '1.0.0', create: () => 'acme' })).not.toThrow();
  });
});
