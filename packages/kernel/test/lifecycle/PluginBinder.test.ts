import { describe, expect, it } from 'vitest';
import { createKernel, createToken, definePlugin, kernelTokens, type KernelAggregateError, type PluginBinder } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

const requestToken = createToken<{ readonly id: number }>('test.request');
const clockToken = createToken<{ now(): number }>('test.clock');

async function startFailure(plugin: ReturnType<ReturnType<typeof definePlugin>>): Promise<KernelAggregateError> {
  const kernel = createKernel({ plugins: [plugin], logger: silentLogger() });
  return (await kernel.start().catch((e: unknown) => e)) as KernelAggregateError;
}

describe('the register hook binder', () => {
  it('binds factories of declared tokens, scoped ones included, which start then need not return', async () => {
    let made = 0;
    const requests = definePlugin({
      name: 'requests',
      version: '1.0.0',
      provides: { request: requestToken, clock: clockToken },
      register({ binder }) {
        binder.bind({ token: requestToken, lifetime: 'scoped', factory: () => ({ id: ++made }) });
        binder.bindValue(clockToken, { now: () => 7 });
      },
    });
    await using kernel = createKernel({ plugins: [requests()], logger: silentLogger() });
    await kernel.start();
    await using first = kernel.createScope();
    await using second = kernel.createScope();
    expect([first.get(requestToken).id, first.get(requestToken).id, second.get(requestToken).id]).toEqual([1, 1, 2]);
    expect(kernel.get(clockToken).now()).toBe(7);
  });

  it('refuses a token the plugin does not declare in provides, naming plugin and token', async () => {
    const sneaky = definePlugin({
      name: 'sneaky',
      version: '1.0.0',
      provides: { request: requestToken },
      register({ binder }) {
        (binder as PluginBinder).bindValue(clockToken, { now: () => 0 });
      },
    });
    const error = await startFailure(sneaky());
    const problem = error.problems[0];
    expect(problem?.code).toBe('PLUGIN_BINDING_UNDECLARED');
    expect(problem?.plugin).toBe('sneaky');
    expect(problem?.message).toBe(
      'Plugin "sneaky" cannot bind token(test.clock): it is not in the plugin\'s provides (which declares test.request); declare it in provides, or bind only the tokens the plugin provides.',
    );
  });

  it('refuses to let a plugin shadow a kernel token', async () => {
    const shadow = definePlugin({
      name: 'shadow',
      version: '1.0.0',
      register({ binder }) {
        (binder as PluginBinder).bindValue(kernelTokens.tools, {} as never);
      },
    });
    const error = await startFailure(shadow());
    expect(error.problems[0]?.message).toMatch(/^Plugin "shadow" cannot bind token\(kernel\.tools\): .*which declares none/);
  });

  it('refuses to bind once the register hook has ended', async () => {
    let kept: PluginBinder | undefined;
    const late = definePlugin({
      name: 'late',
      version: '1.0.0',
      provides: { clock: clockToken },
      register({ binder }) {
        kept = binder as PluginBinder;
      },
      start: () => {
        kept?.bindValue(clockToken, { now: () => 1 });
      },
    });
    const error = await startFailure(late());
    expect(error.problems[0]?.code).toBe('KERNEL_STATE_INVALID');
    expect(error.problems[0]?.plugin).toBe('late');
    expect(error.problems[0]?.message).toContain('after its register hook ended');
  });

  it('does not compile a bind of a token outside provides', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      provides: { request: requestToken },
      register({ binder }) {
        // @ts-expect-error test.clock is not in provides
        binder.bindValue(clockToken, { now: () => 0 });
        binder.bindValue(requestToken, { id: 1 });
      },
    });
    definePlugin({
      name: 'none',
      version: '1.0.0',
      register({ binder }) {
        // @ts-expect-error a plugin that provides nothing binds nothing
        binder.bindValue(requestToken, { id: 1 });
      },
    });
  });
});
