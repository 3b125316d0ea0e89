import { Agent, request } from 'node:http';
import { createHttpServer, createHttpMetrics } from '@cortex-os/plugin-http';
import fc from 'fast-check';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SheddingBand } from '../../src/server/SheddingBand.js';

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

  it('counts 503s by reason: each shed request under shedding, none under draining while the server runs', async () => {
    const metrics = createHttpMetrics({ defaultMetrics: false });
    let lag = 250;
    const server = createHttpServer({
      metrics,
      loadShedding: { maxEventLoopLagMs: 100 },
      loadSignal: () => ({ eventLoopLagMs: lag }),
      loadSheddingRandom: () => 0,
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    expect((await fetch(`${url}/work`)).status).toBe(503);
    expect((await fetch(`${url}/work`)).status).toBe(503);
    lag = 0;
    expect((await fetch(`${url}/work`)).status).toBe(200);
    const text = await metrics.registry.metrics();
    expect(text).toContain('http_server_refused_requests_total{reason="shedding"} 2');
    expect(text).toContain('http_server_refused_requests_total{reason="draining"} 0');
    // A second scrape adds only what was refused since the first.
    expect((await fetch(`${url}/work`)).status).toBe(200);
    expect(await metrics.registry.metrics()).toContain('http_server_refused_requests_total{reason="shedding"} 2');
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
  it('is 0 up to the threshold, grows with the overload, never falls, and stops at the cap (no hysteresis)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 0, max: 3000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (threshold, a, b, cap) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          const full = 2 * threshold;
          const pLow = new SheddingBand(threshold, undefined, full, cap).share(low);
          const pHigh = new SheddingBand(threshold, undefined, full, cap).share(high);
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
    expect(new SheddingBand(0, undefined, 0, 0.8).share(5000)).toBe(0);
  });

  it('with hysteresis, enters above the threshold, stays on down to the resume level, and sheds more as the signal rises', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 0.99, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (enter, leaveShare, readings) => {
          const leave = enter * leaveShare;
          const band = new SheddingBand(enter, leave, 1, 0.8);
          let on = false;
          for (const reading of readings) {
            const share = band.share(reading);
            // The reference state machine: on above enter; off at or below leave; unchanged in between.
            on = on ? reading > leave : reading > enter;
            expect(band.on).toBe(on);
            if (!on) expect(share).toBe(0);
            else {
              expect(share).toBeGreaterThan(0);
              expect(share).toBeLessThanOrEqual(0.8);
              expect(share).toBeCloseTo(Math.min(0.8, (reading - leave) / (1 - leave)), 12);
            }
          }
        },
      ),
      { seed: 1414 },
    );
  });
});

describe('hysteresis and queue age on a real server', () => {
  it('keeps shedding while utilization stays above the resume level, and stops at it', async () => {
    let utilization = 0.95;
    const server = createHttpServer({
      loadShedding: { maxEventLoopUtilization: 0.9, resumeEventLoopUtilization: 0.6, maxRejectionProbability: 1 },
      loadSignal: () => ({ eventLoopLagMs: 0, eventLoopUtilization: utilization }),
      loadSheddingRandom: () => 0,
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    const statusAt = async (u: number): Promise<number> => {
      utilization = u;
      const response = await fetch(`${url}/work`);
      await response.arrayBuffer();
      return response.status;
    };
    // Below the threshold before it was ever passed: served.
    expect(await statusAt(0.85)).toBe(200);
    expect(await statusAt(0.95)).toBe(503);
    // Between the levels after passing the threshold: still shed (without hysteresis it would be served).
    expect(await statusAt(0.85)).toBe(503);
    expect(await statusAt(0.7)).toBe(503);
    expect(await statusAt(0.6)).toBe(200);
    // Off again: between the levels is served until the threshold is passed once more.
    expect(await statusAt(0.85)).toBe(200);
  });

  it("sheds a connection's first request that waited beyond maxQueueAgeMs since accept; later requests on it are not aged", async () => {
    // Every reading advances the clock 1 s: accept reads t, admission t + 1000.
    let now = 0;
    const server = createHttpServer({
      loadShedding: { maxQueueAgeMs: 500 },
      clock: () => (now += 1000),
    });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    onTestFinished(() => agent.destroy());
    const get = (): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        request(`${url}/work`, { agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        })
          .on('error', reject)
          .end();
      });
    const first = await get();
    expect(first.status).toBe(503);
    expect(JSON.parse(first.body)).toMatchObject({ code: 'HTTP_OVERLOADED' });
    // The same kept-alive connection: its second request has no known arrival time, so it is not aged.
    const second = await get();
    expect(second.status).toBe(200);
  });

  it('serves a fresh connection whose wait is within maxQueueAgeMs', async () => {
    let now = 0;
    const server = createHttpServer({ loadShedding: { maxQueueAgeMs: 5000 }, clock: () => (now += 1000) });
    onTestFinished(() => server.shutdown().then(() => undefined));
    server.route({ method: 'GET', path: '/work', handler: () => ({ done: true }) });
    const { url } = await server.listen();
    const response = await fetch(`${url}/work`, { headers: { connection: 'close' } });
    expect(response.status).toBe(200);
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
