import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createToken, definePlugin, defineTool, kernelTokens, type KernelAggregateError, type KernelState } from '@cortex-os/kernel';
import { createTestKernel, expectCortexError, rejectionOf } from '@cortex-os/kernel/testing';

const greeterToken = createToken<{ greet(name: string): string }>('test.greeter');

const greeterPlugin = definePlugin({
  name: 'greeter',
  version: '1.0.0',
  provides: { greeter: greeterToken },
  start({ logger, tools }) {
    logger.info({ greeting: 'hello' }, 'greeter ready');
    tools.register(
      defineTool({
        name: 'greet',
        description: 'Greets someone.',
        input: z.object({ name: z.string() }),
        output: z.object({ text: z.string() }),
        handler: ({ name }) => ({ text: `hello ${name}` }),
      }),
    );
    return { greeter: { greet: (name: string) => `hello ${name}` } };
  },
});

const hangingPlugin = definePlugin({ name: 'hanging', version: '1.0.0', start: () => new Promise<void>(() => undefined) });

describe('createTestKernel', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a real kernel: plugins start, provide tokens and register tools', async () => {
    await using kernel = createTestKernel({ plugins: [greeterPlugin()] });
    expect(kernel.state).toBe('created');
    await kernel.start();
    expect(kernel.state).toBe('started');
    expect(kernel.get(greeterToken).greet('Ada')).toBe('hello Ada');
    expect(kernel.get(kernelTokens.tools)).toBe(kernel.tools);
    expect(kernel.get(kernelTokens.events)).toBe(kernel.events);
    expect(await kernel.getAsync(kernelTokens.contracts)).toBe(kernel.contracts);
    expect((await kernel.tools.call('greet', { name: 'Ada' })).structured).toEqual({ text: 'hello Ada' });
    expect(kernel.plugins.map((p) => p.name)).toEqual(['greeter']);
    expect(kernel.describe().tools).toEqual([{ name: 'greet', description: 'Greets someone.' }]);
    expect(kernel.createScope().get(greeterToken)).toBe(kernel.get(greeterToken));
  });

  it('keeps the log lines of the kernel and its plugins in memory, with level names', async () => {
    await using kernel = createTestKernel({ plugins: [greeterPlugin()] });
    await kernel.start();
    expect(kernel.logger).toBe(kernel.logs.logger);
    expect(kernel.logs.entries()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'info', plugin: 'greeter', greeting: 'hello', msg: 'greeter ready' }),
        expect.objectContaining({ level: 'info', plugins: ['greeter'], msg: 'kernel started' }),
      ]),
    );
  });

  it('keeps only lines at or above logLevel', async () => {
    await using kernel = createTestKernel({ plugins: [greeterPlugin()], logLevel: 'warn' });
    await kernel.start();
    kernel.logger.warn('careful');
    expect(kernel.logs.entries().map((entry) => entry.msg)).toEqual(['careful']);
  });

  it('stops the kernel at the end of an await using block', async () => {
    let state: KernelState | undefined;
    let stop: (() => KernelState) | undefined;
    {
      await using kernel = createTestKernel({ plugins: [greeterPlugin()] });
      await kernel.start();
      state = kernel.state;
      stop = () => kernel.state;
    }
    expect(state).toBe('started');
    expect(stop()).toBe('stopped');
  });

  it('stops like a kernel and reports the outcome', async () => {
    const kernel = createTestKernel({ plugins: [greeterPlugin()] });
    await kernel.start();
    const report = await kernel.stop();
    expect(report.ok).toBe(true);
    expect(kernel.state).toBe('stopped');
  });

  it('limits every hook to 2 s by default, so a hanging hook fails fast', async () => {
    vi.useFakeTimers();
    await using kernel = createTestKernel({ plugins: [hangingPlugin()] });
    const failure = rejectionOf(kernel.start());
    await vi.advanceTimersByTimeAsync(2_000);
    const error = (await failure) as KernelAggregateError;
    expect(error.problems.map((p) => p.code)).toEqual(['PLUGIN_HOOK_TIMEOUT']);
    expect(error.problems[0]?.message).toContain('did not settle within 2000 ms');
  });

  it('takes another hook limit', async () => {
    vi.useFakeTimers();
    await using kernel = createTestKernel({ plugins: [hangingPlugin()], hookTimeoutMs: 50 });
    const failure = expectCortexError(kernel.start(), 'KERNEL_START_FAILED');
    await vi.advanceTimersByTimeAsync(50);
    expect(((await failure) as KernelAggregateError).problems[0]?.message).toContain('did not settle within 50 ms');
  });

  it('refuses a plugin set that cannot be assembled, as createKernel does', async () => {
    const error = await expectCortexError(
      () => createTestKernel({ plugins: [greeterPlugin(), greeterPlugin()] }),
      'KERNEL_ASSEMBLY_FAILED',
    );
    expect(error.message).toBe(
      'Cannot assemble the runtime: 1 problem:\n  - [PLUGIN_DUPLICATE_NAME] Plugin "greeter" was added more than once (plugins[1]).',
    );
  });
});
