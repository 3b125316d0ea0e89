import { createHttpServer, createHttpMetrics } from '@cortex-os/plugin-http';
import { describe, expect, it, onTestFinished } from 'vitest';

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
