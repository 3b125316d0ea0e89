import { httpServiceToken } from '@cortex-os/http-api';
import { CortexError, createKernel, createLogger, definePlugin } from '@cortex-os/kernel';
import { deferred } from '@cortex-os/kernel/testing';
import { httpPlugin } from '@cortex-os/plugin-http';
import { startRuntime } from '@cortex-os/runtime';
import { afterEach, describe, expect, it, vi } from 'vitest';

const logger = createLogger({ level: 'silent' });

/** A plugin that records its drain and stop in `order`. */
function recorder(name: string, order: string[], options: { failStop?: boolean } = {}) {
  return definePlugin({
    name,
    version: '1.0.0',
    drain: () => void order.push(`${name} drain`),
    stop: () => {
      order.push(`${name} stop`);
      if (options.failStop === true) throw new Error('stuck');
    },
  })();
}

describe('startRuntime', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
  });

  it('stops on SIGTERM with exit code 0, then lets go of its handlers', async () => {
    const order: string[] = [];
    const kernel = createKernel({ plugins: [recorder('a', order)], logger });
    const before = { term: process.listenerCount('SIGTERM'), int: process.listenerCount('SIGINT') };
    const runtime = await startRuntime(kernel);
    expect(runtime.http).toBeUndefined();
    expect(runtime.address).toBeUndefined();
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
    // Emitting (not sending) the signal runs the handlers without ending the test process.
    process.emit('SIGTERM', 'SIGTERM');
    const report = await runtime.stopped;
    expect(report.ok).toBe(true);
    expect(order).toEqual(['a drain', 'a stop']);
    expect(kernel.state).toBe('stopped');
    expect(process.exitCode).toBe(0);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
    expect(process.listenerCount('SIGINT')).toBe(before.int);
  });

  it('sets exit code 1 when a plugin fails to stop', async () => {
    const order: string[] = [];
    const runtime = await startRuntime(createKernel({ plugins: [recorder('a', order, { failStop: true })], logger }), {
      signals: ['SIGINT'],
    });
    process.emit('SIGINT', 'SIGINT');
    const report = await runtime.stopped;
    expect(report.ok).toBe(false);
    await Promise.resolve();
    expect(process.exitCode).toBe(1);
  });

  it('exits at once with 130 on a second signal while draining', async () => {
    const draining = deferred();
    const release = deferred();
    const slow = definePlugin({
      name: 'slow',
      version: '1.0.0',
      drain: async () => {
        draining.resolve();
        await release.promise;
      },
    });
    const exits: unknown[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code: number) => void exits.push(code)) as never);
    try {
      const runtime = await startRuntime(createKernel({ plugins: [slow()], logger }), { signals: ['SIGTERM'] });
      process.emit('SIGTERM', 'SIGTERM');
      await draining.promise;
      expect(exits).toEqual([]);
      process.emit('SIGTERM', 'SIGTERM');
      expect(exits).toEqual([130]);
      release.resolve();
      expect((await runtime.stopped).ok).toBe(true);
    } finally {
      exit.mockRestore();
    }
  });

  it('installs no handlers with signals: false, and stop() is idempotent', async () => {
    const before = process.listenerCount('SIGTERM');
    await using runtime = await startRuntime(createKernel({ plugins: [], logger }), { signals: false });
    expect(process.listenerCount('SIGTERM')).toBe(before);
    const first = runtime.stop();
    expect(runtime.stop()).toBe(first);
    expect(await runtime.stopped).toBe(await first);
  });

  it('makes the HTTP service listen, and stops it taking traffic before any plugin drains', async () => {
    const order: string[] = [];
    const kernel = createKernel({
      plugins: [
        httpPlugin({ port: 0, listen: 'manual', metrics: { enabled: false, path: '/metrics', defaultMetrics: false } }),
        recorder('worker', order),
      ],
      logger,
    });
    const runtime = await startRuntime(kernel, { signals: false });
    expect(runtime.http).toBe(kernel.get(httpServiceToken));
    expect(runtime.address?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${runtime.address?.url}/describe`)).status).toBe(200);
    runtime.http?.onPhase((phase) => order.push(`http ${phase}`));
    await runtime.stop();
    expect(order).toEqual(['http draining', 'http closing', 'http closed', 'worker drain', 'worker stop']);
  });

  it('stops the kernel again when HTTP cannot listen, and throws why', async () => {
    const order: string[] = [];
    const kernel = createKernel({
      plugins: [
        httpPlugin({ host: '0.0.0.0', port: 0, listen: 'manual', metrics: { enabled: false, path: '/metrics', defaultMetrics: false } }),
        recorder('worker', order),
      ],
      logger,
    });
    const thrown = await startRuntime(kernel, { signals: false }).catch((error: unknown) => error);
    expect(CortexError.is(thrown, 'HTTP_AUTH_REQUIRED')).toBe(true);
    expect(kernel.state).toBe('stopped');
    expect(order).toEqual(['worker drain', 'worker stop']);
  });
});
