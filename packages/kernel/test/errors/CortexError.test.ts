import { describe, expect, it } from 'vitest';
import { CortexError, KernelAggregateError, KernelError, createKernel, definePlugin, toError } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';

describe('CortexError.is', () => {
  it('matches the outer code only', () => {
    const inner = new KernelError('TOOL_UNKNOWN', 'inner');
    const outer = new KernelError('PLUGIN_HOOK_FAILED', 'outer', { cause: inner });
    expect(CortexError.is(outer, 'PLUGIN_HOOK_FAILED')).toBe(true);
    expect(CortexError.is(outer, 'TOOL_UNKNOWN')).toBe(false);
    expect(CortexError.is({ code: 'TOOL_UNKNOWN' })).toBe(false);
  });
});

describe('CortexError.find', () => {
  it('finds a code in the cause chain, in kernel problems and in AggregateError errors', () => {
    const root = new KernelError('RESOURCE_NOT_FOUND', 'root');
    const chain = new KernelError('PLUGIN_HOOK_FAILED', 'a', { cause: new Error('b', { cause: root }) });
    expect(CortexError.find(chain, 'RESOURCE_NOT_FOUND')).toBe(root);
    expect(CortexError.find(chain, 'PLUGIN_HOOK_FAILED')).toBe(chain);

    const aggregate = new KernelAggregateError('KERNEL_START_FAILED', 'failed:', [
      { code: 'PLUGIN_HOOK_FAILED', message: 'x', cause: new Error('plain') },
      { code: 'PLUGIN_HOOK_FAILED', message: 'y', cause: chain },
    ]);
    expect(CortexError.find(aggregate, 'RESOURCE_NOT_FOUND')).toBe(root);
    expect(CortexError.find(new AggregateError([new Error('n'), root]), 'RESOURCE_NOT_FOUND')).toBe(root);
    expect(CortexError.find(aggregate, 'TOOL_UNKNOWN')).toBeUndefined();
    expect(CortexError.find(undefined, 'TOOL_UNKNOWN')).toBeUndefined();
  });

  it('stops at cycles', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(CortexError.find(a, 'TOOL_UNKNOWN')).toBeUndefined();
  });

  it('lets a host find what a plugin threw inside KERNEL_START_FAILED', async () => {
    const listenFailure = new CortexError('HTTP_LISTEN_FAILED', 'port 80 is taken');
    const kernel = createKernel({
      logger: silentLogger(),
      plugins: [
        definePlugin({
          name: 'server',
          version: '1.0.0',
          start() {
            throw listenFailure;
          },
        })(),
      ],
    });
    const failure = await kernel.start().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(CortexError.is(failure, 'KERNEL_START_FAILED')).toBe(true);
    expect(CortexError.is(failure, 'HTTP_LISTEN_FAILED')).toBe(false);
    expect(CortexError.find(failure, 'HTTP_LISTEN_FAILED')).toBe(listenFailure);
  });
});

describe('toError', () => {
  it('normalises anything thrown', () => {
    expect(toError('s').message).toBe('s');
    expect(toError({ a: 1 }).message).toBe('non-error value thrown: {"a":1}');
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(toError(circular).message).toBe('non-error value thrown: [object Object]');
  });
});
