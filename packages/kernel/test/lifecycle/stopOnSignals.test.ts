import { afterEach, describe, expect, it } from 'vitest';
import { createKernel, definePlugin, stopOnSignals } from '@cortex-os/kernel';
import { silentLogger } from '../support/silentLogger.js';
import { deferred } from '@cortex-os/kernel/testing';

describe('stopOnSignals', () => {
  const exitCode = process.exitCode;
  afterEach(() => {
    process.exitCode = exitCode;
  });

  it('stops the kernel on SIGTERM and sets a clean exit code, then lets go of the handlers', async () => {
    const { promise: whenStopped, resolve: stopped } = deferred();
    const plugin = definePlugin({ name: 'p', version: '1.0.0', stop: () => stopped() });
    const kernel = createKernel({ plugins: [plugin()], logger: silentLogger() });
    await kernel.start();
    const listenersBefore = process.listenerCount('SIGTERM');
    const dispose = stopOnSignals(kernel);
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore + 1);
    // Emitting (not sending) the signal runs the handlers without ending the test process.
    process.emit('SIGTERM', 'SIGTERM');
    await whenStopped;
    await kernel.stop();
    expect(kernel.state).toBe('stopped');
    expect(process.exitCode).toBe(0);
    dispose();
    expect(process.listenerCount('SIGTERM')).toBe(listenersBefore);
  });

  it('sets exit code 1 when a plugin fails to stop', async () => {
    const plugin = definePlugin({
      name: 'p',
      version: '1.0.0',
      stop: () => {
        throw new Error('stuck');
      },
    });
    const kernel = createKernel({ plugins: [plugin()], logger: silentLogger() });
    await kernel.start();
    const dispose = stopOnSignals(kernel, { signals: ['SIGINT'] });
    process.emit('SIGINT', 'SIGINT');
    const report = await kernel.stop();
    expect(report.ok).toBe(false);
    await Promise.resolve();
    expect(process.exitCode).toBe(1);
    dispose();
  });
});
