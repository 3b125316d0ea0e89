import { describe, expect, it } from 'vitest';
import { createKernel, createLogger, definePlugin, KernelAggregateError, type CloudEvent } from '@cortex-os/kernel';
import { Writable } from 'node:stream';
import { clockPlugin, clockToken } from '../src/clockPlugin.js';
import { tickedEvent, tickPlugin } from '../src/tickPlugin.js';

const quiet = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });

const fixedClock = definePlugin({
  name: 'clock',
  version: '1.0.0',
  provides: { clock: clockToken },
  start: () => ({ clock: { now: () => 1_700_000_000_000 } }),
});

describe('a plugin written from scratch', () => {
  it('assembles with a clock, serves its tool and publishes its event', async () => {
    await using kernel = createKernel({ plugins: [tickPlugin({ label: 'test' }), fixedClock()], logger: quiet });
    await kernel.start();
    const event = new Promise<CloudEvent>((resolve) => kernel.events.subscribe(tickedEvent, resolve));
    const result = await kernel.tools.call('example.tick', {});
    expect(result.structured).toEqual({ at: 1_700_000_000_000, label: 'test' });
    expect((await event).data).toEqual({ at: 1_700_000_000_000, label: 'test' });
    expect(kernel.tools.list().map((t) => t.name)).toEqual(['example.tick']);
  });

  it('contributes its tool while it runs: describe() lists it under the plugin, and stopping removes it', async () => {
    const kernel = createKernel({ plugins: [tickPlugin(), fixedClock()], logger: quiet });
    await kernel.start();
    expect(kernel.describe().plugins.find((p) => p.name === 'tick')?.contributions).toEqual({ 'kernel.tool': ['example.tick'] });
    await kernel.stop();
    expect(kernel.tools.has('example.tick')).toBe(false);
  });

  it('cannot be assembled without a clock, and says so', () => {
    expect(() => createKernel({ plugins: [tickPlugin()], logger: quiet })).toThrow(KernelAggregateError);
    expect(() => createKernel({ plugins: [tickPlugin()], logger: quiet })).toThrow(
      'Plugin "tick" requires "example.clock", but no plugin provides it.',
    );
  });

  it('validates its options at assembly, naming the field', () => {
    expect(() => createKernel({ plugins: [tickPlugin({ label: '' }), clockPlugin()], logger: quiet })).toThrow(
      /Plugin "tick" options are invalid: label: Too small/,
    );
  });
});
