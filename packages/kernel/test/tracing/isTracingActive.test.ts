import { isTracingActive } from '@cortex-os/kernel/tracing';
import { trace } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';

// The global provider is process state and the unit project shares a process: leave it as found.
afterEach(() => trace.disable());

describe('isTracingActive', () => {
  it('is false while no SDK is registered: the global proxy still delegates to the no-op provider', () => {
    trace.disable();
    expect(isTracingActive()).toBe(false);
  });

  it('turns true when a host registers an SDK, and false again when it is disabled (checked per call)', async () => {
    const sdk = new TracerProvider();
    expect(trace.setGlobalTracerProvider(sdk)).toBe(true);
    expect(isTracingActive()).toBe(true);
    trace.disable();
    expect(isTracingActive()).toBe(false);
    await sdk.shutdown();
  });
});
