import { createHttpServer, createHttpMetrics } from '@cortex-os/plugin-http';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { rejectionProbability } from '../../src/server/LoadShedder.js';

function gate(): { readonly opened: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('load shedding (issue 14 §3)', () => {
  it('answers 503 HTTP_OVERLOADED with Retry-After while the event loop lags, and always serves exempt routes', async () => {
    let lag = 0;
    const server = createHttpServer({
      loadShedding: { maxEventLoopLagMs: 100, retryAfterSeconds: 2 },
      loadSignal: () => ({ eventLoopLagMs: lag }),
      // Always below the share to shed: every request over the threshold is shed.
      loadSheddingRandom: () => 0,
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    server.route({ method: 'GET', path: '/live', loadShedding: false, handler: () => ({ status: 'pass' }) });
    const { url } = await server.listen();
    expect((await fetch(`${url}/work`)).status).toBe(200);
    lag = 250;
    const shed = await fetch(`${url}/work`);
    expect(shed.status).toBe(503);
    expect(shed.headers.get('retry-after')).toBe('2');
    expect(await shed.json()).toMatchObject({ code: 'HTTP_OVERLOADED' });
    expect((await fetch(`${url}/live`)).status).toBe(200);
    lag = 0;
    expect((await fetch(`${url}/work`)).status).toBe(200);
  });

  it('sheds while the event loop is busy beyond maxEventLoopUtilization, though its lag is low', async () => {
    let utilization = 0.5;
    const server = createHttpServer({
      loadShedding: { maxEventLoopUtilization: 0.9 },
      loadSignal: () => ({ eventLoopLagMs: 1, eventLoopUtilization: utilization }),
      loadSheddingRandom: () => 0,
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    expect((await fetch(`${url}/work`)).status).toBe(200);
    utilization = 0.97;
    const shed = await fetch(`${url}/work`);
    expect(shed.status).toBe(503);
    expect(((await shed.json()) as { detail: string }).detail).toMatch(
      /^The server sheds new requests while its event loop is too busy or lagging, or too many requests are in flight\. Request id: /,
    );
  });

  it('sheds new requests beyond maxInFlight and serves them again once the load is gone', async () => {
    const release = gate();
    let arrived = 0;
    const bothArrived = gate();
    const server = createHttpServer({ loadShedding: { maxInFlight: 2 } });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({
      method: 'GET',
      path: '/slow',
      handler: async () => {
        arrived += 1;
        if (arrived === 2) bothArrived.open();
        await release.opened;
        return { done: true };
      },
    });
    const { url } = await server.listen();
    const held = [fetch(`${url}/slow`), fetch(`${url}/slow`)];
    await bothArrived.opened;
    expect((await fetch(`${url}/slow`)).status).toBe(503);
    release.open();
    expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    expect((await fetch(`${url}/slow`)).status).toBe(200);
  });

  it('exports requests in flight and event-loop lag', async () => {
    const metrics = createHttpMetrics({ defaultMetrics: false });
    const server = createHttpServer({ metrics, loadSignal: () => ({ eventLoopLagMs: 0 }) });
    onTestFinished(() => server.shutdown().then(() => undefined));
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_server_active_requests 0');
    expect(text).toContain('cortex_event_loop_lag_seconds 0');
  });
});

describe('the share of requests shed for lag or utilization', () => {
  it('is 0 up to the threshold, grows with the overload, never falls, and stops at the cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (threshold, a, b, cap) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const full = 2 * threshold;
          const pLow = rejectionProbability(low, threshold, full, cap);
          const pHigh = rejectionProbability(high, threshold, full, cap);
          expect(pLow).toBeGreaterThanOrEqual(0);
          expect(pHigh).toBeLessThanOrEqual(cap);
          expect(pHigh).toBeGreaterThanOrEqual(pLow);
          if (low <= threshold) expect(pLow).toBe(0);
          if (high >= full) expect(pHigh).toBe(cap);
        },
      ),
      { seed: 14 },
    );
  });

  it('is 0 when the threshold is off', () => {
    expect(rejectionProbability(5000, 0, 0, 0.8)).toBe(0);
  });
});

describe('shedding under a signal that 503s alone would hold up', () => {
  it('keeps serving the share above maxRejectionProbability (default 0.8) while the loop is saturated', async () => {
    const draws = [0.1, 0.5, 0.79, 0.8, 0.95];
    let next = 0;
    const server = createHttpServer({
      loadShedding: { maxEventLoopUtilization: 0.9 },
      loadSignal: () => ({ eventLoopLagMs: 0, eventLoopUtilization: 1 }),
      loadSheddingRandom: () => draws[next++ % draws.length] as number,
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    const statuses: number[] = [];
    for (let i = 0; i < 10; i += 1) statuses.push((await fetch(`${url}/work`)).status);
    expect(statuses).toEqual([503, 503, 503, 200, 200, 503, 503, 503, 200, 200]);
  });

  it('sheds a share proportional to the overload, and everything with maxRejectionProbability 1 at full utilization', async () => {
    let utilization = 0.95;
    const server = createHttpServer({
      loadShedding: { maxEventLoopUtilization: 0.9, maxRejectionProbability: 1 },
      loadSignal: () => ({ eventLoopLagMs: 0, eventLoopUtilization: utilization }),
      // Halfway to full utilization, half the requests are shed: a draw of 0.49 is, 0.51 is not.
      loadSheddingRandom: () => (utilization === 1 ? 0.999 : draw),
    });
    let draw = 0.49;
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    expect((await fetch(`${url}/work`)).status).toBe(503);
    draw = 0.51;
    expect((await fetch(`${url}/work`)).status).toBe(200);
    utilization = 1;
    expect((await fetch(`${url}/work`)).status).toBe(503);
  });
});
