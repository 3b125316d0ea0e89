import { definePlugin, healthIndicatorToken, type HealthIndicator, type Plugin } from '@cortex-os/kernel';
import { createTestKernel, deferred } from '@cortex-os/kernel/testing';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpServiceToken } from '@cortex-os/http-api';
import { createHttpServer } from '@cortex-os/plugin-http';
import { startRuntime } from '@cortex-os/runtime';
import { describe, expect, it } from 'vitest';

function indicatorPlugin(name: string, indicators: HealthIndicator[]) {
  return definePlugin({ name, version: '1.0.0', provides: { health: healthIndicatorToken }, start: () => ({ health: indicators }) })();
}

const pass = (name: string, critical = true, observedValue?: number): HealthIndicator => ({
  name,
  critical,
  check: async () => ({
    status: 'pass',
    componentType: 'datastore',
    ...(observedValue === undefined ? {} : { observedValue, observedUnit: 'ms' }),
  }),
});
const fail = (name: string, critical: boolean, output: string): HealthIndicator => ({
  name,
  critical,
  check: async () => ({ status: 'fail', output }),
});

/** The runtime's HTTP service built directly, so the test controls the drain delay. */
function controlledHttp() {
  const release = deferred();
  const delayStarted = deferred();
  const server = createHttpServer({
    port: 0,
    drain: { delayMs: 1 },
    delay: () => {
      delayStarted.resolve();
      return release.promise;
    },
  });
  const plugin = definePlugin({
    name: 'http',
    version: '1.0.0',
    provides: { http: httpServiceToken },
    start: () => ({ http: server }),
    drain: async () => {
      await server.shutdown();
    },
  })();
  return { plugin, delayStarted: delayStarted.promise, endDelay: () => release.resolve() };
}

async function start(plugins: readonly Plugin[]) {
  const kernel = createTestKernel({ plugins });
  const runtime = await startRuntime(kernel, { signals: false });
  return Object.assign(runtime, { get: (path: string) => fetch(new URL(path, runtime.address?.url)) });
}

describe('health plugin', () => {
  it('serves /live, /ready and /health as application/health+json when everything passes', async () => {
    const http = controlledHttp();
    await using runtime = await start([
      http.plugin,
      healthPlugin(),
      indicatorPlugin('store', [pass('store.sqlite:responseTime', true, 3)]),
    ]);
    const live = await runtime.get('/live');
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toBe('application/health+json; charset=utf-8');
    expect(await live.json()).toEqual({ status: 'pass' });
    expect((await runtime.get('/ready')).status).toBe(200);
    const health = await runtime.get('/health');
    const report = (await health.json()) as {
      status: string;
      checks: Record<string, { status: string; observedValue?: number; time: string }[]>;
    };
    expect(report.status).toBe('pass');
    expect(report.checks['store.sqlite:responseTime']?.[0]).toMatchObject({
      status: 'pass',
      observedValue: 3,
      observedUnit: 'ms',
      componentType: 'datastore',
    });
    expect(Date.parse(report.checks['store.sqlite:responseTime']?.[0]?.time ?? '')).not.toBeNaN();
    expect(report.checks['process:uptime']?.[0]?.status).toBe('pass');
    http.endDelay();
  });

  it('answers /ready 503 naming a failing critical indicator, while /live stays 200', async () => {
    const http = controlledHttp();
    await using runtime = await start([
      http.plugin,
      healthPlugin(),
      indicatorPlugin('store', [pass('cache:ping', false), fail('store.sqlite:connection', true, 'database is locked')]),
    ]);
    const ready = await runtime.get('/ready');
    expect(ready.status).toBe(503);
    const body = (await ready.json()) as { status: string; output: string };
    expect(body.status).toBe('fail');
    expect(body.output).toBe('store.sqlite:connection: database is locked');
    expect((await runtime.get('/live')).status).toBe(200);
    expect((await runtime.get('/health')).status).toBe(503);
    http.endDelay();
  });

  it('reports a degraded non-critical dependency as warn with 200, and a hanging check as a timeout', async () => {
    const http = controlledHttp();
    const hanging: HealthIndicator = {
      name: 'search.index:latency',
      critical: false,
      timeoutMs: 30,
      check: (signal: AbortSignal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error))),
    };
    await using runtime = await start([
      http.plugin,
      healthPlugin({ cacheMs: 0 }),
      indicatorPlugin('store', [pass('store.sqlite:connection'), fail('embedder:availability', false, 'model not loaded'), hanging]),
    ]);
    const health = await runtime.get('/health');
    expect(health.status).toBe(200);
    const report = (await health.json()) as { status: string; checks: Record<string, { status: string; output?: string }[]> };
    expect(report.status).toBe('warn');
    expect(report.checks['embedder:availability']?.[0]).toMatchObject({ status: 'fail', output: 'model not loaded' });
    expect(report.checks['search.index:latency']?.[0]).toMatchObject({ status: 'fail', output: 'timed out after 30 ms' });
    expect((await runtime.get('/ready')).status).toBe(200);
    http.endDelay();
  });

  it('flips /ready to 503 the moment shutdown begins, while requests are still served during the drain delay', async () => {
    const http = controlledHttp();
    const runtime = await start([http.plugin, healthPlugin(), indicatorPlugin('store', [pass('store.sqlite:connection')])]);
    expect((await runtime.get('/ready')).status).toBe(200);
    const stopped = runtime.stop();
    await http.delayStarted;
    const ready = await runtime.get('/ready');
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'fail', output: 'shutting down' });
    expect((await runtime.get('/live')).status).toBe(200);
    http.endDelay();
    expect((await stopped).ok).toBe(true);
    await expect(runtime.get('/live')).rejects.toThrow();
  });

  it('runs checks concurrently and caches the report for cacheMs', async () => {
    const http = controlledHttp();
    let runs = 0;
    const gate = deferred();
    const slowA: HealthIndicator = {
      name: 'a:x',
      critical: true,
      check: async () => {
        runs += 1;
        await gate.promise;
        return { status: 'pass' };
      },
    };
    const slowB: HealthIndicator = {
      name: 'b:x',
      critical: true,
      check: async () => {
        runs += 1;
        gate.resolve();
        return { status: 'pass' };
      },
    };
    await using runtime = await start([http.plugin, healthPlugin({ cacheMs: 60_000 }), indicatorPlugin('store', [slowA, slowB])]);
    // slowA only finishes once slowB has started: they run concurrently.
    expect((await runtime.get('/health')).status).toBe(200);
    expect((await runtime.get('/ready')).status).toBe(200);
    expect(runs).toBe(2);
    http.endDelay();
  });
});
