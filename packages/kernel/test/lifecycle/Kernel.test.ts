import { describe, expect, expectTypeOf, it, onTestFinished, vi } from 'vitest';
import { z } from 'zod';
import {
  CortexError,
  KernelAggregateError,
  createKernel,
  createMultiToken,
  createToken,
  defineContract,
  definePlugin,
  healthIndicatorToken,
  kernelTokens,
  optional,
  type HealthIndicator,
} from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

interface Clock {
  now(): number;
}
const clockToken = createToken<Clock>('test.clock');
const greeterToken = createToken<{ greet(name: string): string }>('test.greeter');
const namesToken = createMultiToken<string>('test.names');

const clockPlugin = definePlugin({
  name: 'clock',
  version: '1.0.0',
  provides: { clock: clockToken },
  start: () => ({ clock: { now: () => 42 } }),
});

const greeterPlugin = definePlugin({
  name: 'greeter',
  version: '1.0.0',
  options: z.object({ greeting: z.string().default('Hello') }),
  requires: { clock: clockToken },
  provides: { greeter: greeterToken },
  start: ({ deps, options }) => {
    expectTypeOf(deps.clock).toEqualTypeOf<Clock>();
    expectTypeOf(options.greeting).toEqualTypeOf<string>();
    return { greeter: { greet: (name: string) => `${options.greeting}, ${name} (t=${deps.clock.now()})` } };
  },
});

function kernelWith(...plugins: Parameters<typeof createKernel>[0]['plugins']) {
  return createKernel({ plugins, logger: silentLogger() });
}

function assemblyError(fn: () => unknown): KernelAggregateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KernelAggregateError) return error;
    throw error;
  }
  throw new Error('expected an assembly error');
}

describe('createKernel', () => {
  it('starts plugins in dependency order and hands each its typed dependencies', async () => {
    await using kernel = kernelWith(greeterPlugin({ greeting: 'Hi' }), clockPlugin());
    expect(kernel.plugins.map((p) => p.name)).toEqual(['clock', 'greeter']);
    await kernel.start();
    expect(kernel.state).toBe('started');
    expect(kernel.get(greeterToken).greet('Ada')).toBe('Hi, Ada (t=42)');
  });

  it('reports every missing requirement, duplicate name and invalid option at once', () => {
    const needy = definePlugin({
      name: 'needy',
      version: '1.0.0',
      options: z.object({ port: z.number().int() }),
      requires: { clock: clockToken, greeter: greeterToken },
    });
    const error = assemblyError(() => kernelWith(needy({ port: 'eighty' as unknown as number }), clockPlugin(), clockPlugin()));
    expect(error.code).toBe('KERNEL_ASSEMBLY_FAILED');
    expect(error.problems.map((p) => p.code).sort()).toEqual([
      'PLUGIN_DUPLICATE_NAME',
      'PLUGIN_OPTIONS_INVALID',
      'PLUGIN_REQUIREMENT_MISSING',
    ]);
    expect(error.message).toMatchInlineSnapshot(`
      "Cannot assemble the runtime: 3 problems:
        - [PLUGIN_OPTIONS_INVALID] Plugin "needy" options are invalid: port: Invalid input: expected number, received string.
        - [PLUGIN_DUPLICATE_NAME] Plugin "clock" was added more than once (plugins[2]).
        - [PLUGIN_REQUIREMENT_MISSING] Plugin "needy" requires "test.greeter", but no plugin provides it."
    `);
  });

  it('names the cycle path', () => {
    const a = createToken<number>('test.a');
    const b = createToken<number>('test.b');
    const pa = definePlugin({ name: 'pa', version: '1.0.0', requires: { b }, provides: { a } });
    const pb = definePlugin({ name: 'pb', version: '1.0.0', requires: { a }, provides: { b } });
    const error = assemblyError(() => kernelWith(pa(), pb()));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.message).toBe('Plugins depend on each other in a cycle: pa → pb → pa.');
  });

  it('rejects two providers of a single token but gathers a multi token from all', async () => {
    const other = definePlugin({
      name: 'other-clock',
      version: '1.0.0',
      provides: { clock: clockToken },
      start: () => ({ clock: { now: () => 1 } }),
    });
    expect(assemblyError(() => kernelWith(clockPlugin(), other())).problems[0]?.code).toBe('PLUGIN_PROVIDER_DUPLICATE');

    const n1 = definePlugin({ name: 'n1', version: '1.0.0', provides: { names: namesToken }, start: () => ({ names: 'one' }) });
    const n2 = definePlugin({ name: 'n2', version: '1.0.0', provides: { names: namesToken }, start: () => ({ names: ['two', 'three'] }) });
    let seen: readonly string[] = [];
    const reader = definePlugin({
      name: 'reader',
      version: '1.0.0',
      requires: { names: namesToken },
      start: ({ deps }) => {
        seen = deps.names;
      },
    });
    await using kernel = kernelWith(reader(), n1(), n2());
    await kernel.start();
    expect([...seen].sort()).toEqual(['one', 'three', 'two']);
    expect(kernel.plugins.at(-1)?.name).toBe('reader');
  });

  it('gives undefined for an absent optional requirement', async () => {
    let received: unknown = 'unset';
    const p = definePlugin({
      name: 'p',
      version: '1.0.0',
      requires: { greeter: optional(greeterToken) },
      start: ({ deps }) => {
        expectTypeOf(deps.greeter).toEqualTypeOf<{ greet(name: string): string } | undefined>();
        received = deps.greeter;
      },
    });
    await using kernel = kernelWith(p());
    await kernel.start();
    expect(received).toBeUndefined();
  });

  it('stops started plugins in reverse order when one fails to start, and reports every cause', async () => {
    const log: string[] = [];
    const tracked = (name: string, requires: Record<string, typeof clockToken> = {}) =>
      definePlugin({
        name,
        version: '1.0.0',
        requires,
        start: () => void log.push(`start ${name}`),
        drain: () => void log.push(`drain ${name}`),
        stop: () => void log.push(`stop ${name}`),
      });
    const broken = definePlugin({
      name: 'broken',
      version: '1.0.0',
      requires: { clock: clockToken },
      start: () => {
        throw new Error('disk full');
      },
    });
    const kernel = kernelWith(clockPlugin(), tracked('first')(), broken());
    const error = await kernel.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(CortexError.is(error, 'KERNEL_START_FAILED')).toBe(true);
    expect((error as KernelAggregateError).problems.map((p) => p.message)).toEqual(['Plugin "broken" hook "start" failed: disk full']);
    expect(log).toEqual(['start first', 'drain first', 'stop first']);
    expect(kernel.state).toBe('stopped');
  });

  it('times out a hook that never settles, naming the plugin, the hook and the likely mistake', async () => {
    const hanging = definePlugin({ name: 'hanging', version: '1.0.0', start: () => new Promise<void>(() => {}) });
    const kernel = createKernel({ plugins: [hanging()], logger: silentLogger(), hookTimeoutMs: 20 });
    const error = (await kernel.start().catch((e: unknown) => e)) as KernelAggregateError;
    expect(error.problems[0]?.code).toBe('PLUGIN_HOOK_TIMEOUT');
    expect(error.problems[0]?.message).toContain('Plugin "hanging" hook "start" did not settle within 20 ms; a forgotten `await`');
  });

  it('drains every plugin before stopping any, continues past failures and is idempotent', async () => {
    const log: string[] = [];
    const make = (name: string, deps: Record<string, typeof clockToken>, failStop = false) =>
      definePlugin({
        name,
        version: '1.0.0',
        requires: deps,
        drain: () => void log.push(`drain ${name}`),
        stop: () => {
          log.push(`stop ${name}`);
          if (failStop) throw new Error(`${name} would not stop`);
        },
      });
    await using kernel = kernelWith(clockPlugin(), make('a', { clock: clockToken }, true)(), make('b', { clock: clockToken })());
    await kernel.start();
    const [first, second] = await Promise.all([kernel.stop(), kernel.stop()]);
    expect(first).toBe(second);
    expect(first.ok).toBe(false);
    expect(first.problems.map((p) => p.message)).toEqual(['Plugin "a" hook "stop" failed: a would not stop']);
    expect(log.slice(0, 2).sort()).toEqual(['drain a', 'drain b']);
    expect(log.slice(2).sort()).toEqual(['stop a', 'stop b']);
    expect(kernel.state).toBe('stopped');
  });

  it('rejects a second start', async () => {
    await using kernel = kernelWith(clockPlugin());
    await kernel.start();
    await expect(kernel.start()).rejects.toMatchObject({ code: 'KERNEL_STATE_INVALID' });
  });

  it('checks required contract ranges before starting anything', async () => {
    const v1 = defineContract({ name: 'test.note', version: '1.4.0', schema: z.object({ text: z.string() }) });
    const provider = definePlugin({ name: 'notes', version: '1.0.0', contracts: [v1] });
    let started = false;
    const consumer = definePlugin({
      name: 'consumer',
      version: '1.0.0',
      requiresContracts: { 'test.note': '^2.0.0' },
      start: () => {
        started = true;
      },
    });
    const kernel = kernelWith(provider(), consumer());
    const error = (await kernel.start().catch((e: unknown) => e)) as KernelAggregateError;
    expect(error.problems.map((p) => p.message)).toEqual(['Plugin "consumer" requires contract "test.note" ^2.0.0; registered: 1.4.0.']);
    expect(started).toBe(false);
  });

  it('fails a plugin that does not provide what it declared', async () => {
    const liar = definePlugin({ name: 'liar', version: '1.0.0', provides: { clock: clockToken }, start: () => ({}) });
    const error = (await kernelWith(liar())
      .start()
      .catch((e: unknown) => e)) as KernelAggregateError;
    expect(error.problems[0]?.code).toBe('PLUGIN_PROVIDE_MISSING');
  });

  it('lets plugins require kernel services and contribute health indicators', async () => {
    const indicator: HealthIndicator = { name: 'db:ping', critical: true, check: async () => ({ status: 'pass' }) };
    const p = definePlugin({
      name: 'db',
      version: '1.0.0',
      requires: { tools: kernelTokens.tools },
      provides: { health: healthIndicatorToken },
      start: () => ({ health: indicator }),
    });
    await using kernel = kernelWith(p());
    await kernel.start();
    expect(kernel.get(healthIndicatorToken)).toEqual([indicator]);
  });

  it('rejects a value that is not a plugin, and suggests calling a factory', () => {
    const error = assemblyError(() => kernelWith(clockPlugin as never));
    expect(error.problems[0]?.message).toBe(
      'plugins[0] is not a plugin built by definePlugin. It looks like a plugin factory: call it, e.g. `myPlugin()`.',
    );
  });

  it('does not compile when a plugin returns the wrong type for a provided token', () => {
    definePlugin({
      name: 'wrong',
      version: '1.0.0',
      provides: { clock: clockToken },
      // @ts-expect-error a string is not a Clock
      start: () => ({ clock: 'noon' }),
    });
  });
});

describe('plugin lifecycle moments', () => {
  it('runs onStarted after every plugin started and onStopping before any plugin drains', async () => {
    const log: string[] = [];
    const edge = definePlugin({
      name: 'edge',
      version: '1.0.0',
      provides: { clock: clockToken },
      start: ({ lifecycle }) => {
        lifecycle.onStarted(() => void log.push('edge: all started'));
        lifecycle.onStopping(() => void log.push('edge: stop accepting'));
        return { clock: { now: () => 0 } };
      },
      drain: () => void log.push('drain edge'),
    });
    const inner = definePlugin({
      name: 'inner',
      version: '1.0.0',
      requires: { clock: clockToken },
      start: () => void log.push('start inner'),
      drain: () => void log.push('drain inner'),
    });
    const kernel = kernelWith(edge(), inner());
    await kernel.start();
    expect(log).toEqual(['start inner', 'edge: all started']);
    log.length = 0;
    await kernel.stop();
    expect(log).toEqual(['edge: stop accepting', 'drain inner', 'drain edge']);
  });

  it('runs onStopping listeners concurrently and waits for all of them before any drain', async () => {
    const log: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = definePlugin({
      name: 'first',
      version: '1.0.0',
      start: ({ lifecycle }) => {
        lifecycle.onStopping(async () => {
          log.push('first: stop accepting');
          await new Promise<void>((resolve) => {
            releaseFirst = resolve;
          });
          log.push('first: drained');
        });
      },
      drain: () => void log.push('drain first'),
    });
    const second = definePlugin({
      name: 'second',
      version: '1.0.0',
      start: ({ lifecycle }) => {
        // Runs while the first listener still waits: it releases it.
        lifecycle.onStopping(() => {
          log.push('second: stop accepting');
          releaseFirst();
        });
      },
      drain: () => void log.push('drain second'),
    });
    const kernel = kernelWith(first(), second());
    await kernel.start();
    const report = await kernel.stop();
    expect(report.ok).toBe(true);
    expect(log).toEqual(['first: stop accepting', 'second: stop accepting', 'first: drained', 'drain second', 'drain first']);
  });

  it('gives a lifecycle listener its own time limit instead of hookTimeoutMs', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    let release: () => void = () => undefined;
    const edge = definePlugin({
      name: 'edge',
      version: '1.0.0',
      start: ({ lifecycle }) => {
        lifecycle.onStarted(() => undefined, { timeoutMs: 5 });
        lifecycle.onStopping(
          () =>
            new Promise<void>((resolve) => {
              release = resolve;
            }),
          { timeoutMs: 60_000 },
        );
        lifecycle.onStopping(() => new Promise<void>(() => undefined), { timeoutMs: 30 });
      },
    });
    const kernel = createKernel({ plugins: [edge()], logger: silentLogger(), hookTimeoutMs: 10 });
    await kernel.start();
    const stopped = kernel.stop();
    // Past the kernel's limit and the short listener's own, far before the long one's.
    await vi.advanceTimersByTimeAsync(1_000);
    release();
    const report = await stopped;
    expect(report.problems.map((p) => p.message)).toEqual([
      'Plugin "edge" hook "stopping" did not settle within 30 ms; a forgotten `await`, or a promise that never resolves, is the usual cause (or raise hookTimeoutMs).',
    ]);
  });

  it('takes a lifecycle listener out when its disposer runs, leaving the others', async () => {
    const log: string[] = [];
    const p = definePlugin({
      name: 'p',
      version: '1.0.0',
      start: ({ lifecycle }) => {
        const once = lifecycle.onStarted(() => void log.push('dropped'));
        lifecycle.onStarted(() => void log.push('kept'));
        using _stopping = lifecycle.onStopping(() => void log.push('never'));
        once();
        once();
      },
    });
    const kernel = kernelWith(p());
    await kernel.start();
    await kernel.stop();
    expect(log).toEqual(['kept']);
  });

  it('fails start and stops everything when an onStarted listener fails', async () => {
    const stopped: string[] = [];
    const p = definePlugin({
      name: 'p',
      version: '1.0.0',
      start: ({ lifecycle }) => {
        lifecycle.onStarted(() => {
          throw new Error('port in use');
        });
      },
      stop: () => void stopped.push('p'),
    });
    const kernel = kernelWith(p());
    const error = (await kernel.start().catch((e: unknown) => e)) as KernelAggregateError;
    expect(error.problems.map((x) => x.message)).toEqual(['Plugin "p" hook "started" failed: port in use']);
    expect(stopped).toEqual(['p']);
  });
});
