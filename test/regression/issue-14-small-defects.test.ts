import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, definePlugin, healthIndicatorToken, type Plugin } from '@cortex-os/kernel';
import { createTestLogger } from '@cortex-os/kernel/testing';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin, type HttpPluginOptionsInput } from '@cortex-os/plugin-http';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { describe, expect, it, onTestFinished } from 'vitest';
import { httpCall } from '../support/httpCall.js';

const TOKEN = 'issue-14-token-0123456789abcdef';

const database = definePlugin({
  name: 'database',
  version: '1.0.0',
  provides: { health: healthIndicatorToken },
  start: () => ({
    health: [{ name: 'db:ping', critical: true, check: async () => ({ status: 'pass' as const, output: 'db at /srv/secret' }) }],
  }),
});

async function runtime(http: HttpPluginOptionsInput, ...plugins: Plugin[]): Promise<string> {
  const kernel = createKernel({
    plugins: [httpPlugin({ port: 0, metrics: { enabled: false }, auth: { tokens: [TOKEN] }, ...http }), ...plugins],
    logger: createTestLogger().logger,
  });
  await kernel.start();
  onTestFinished(() => kernel.stop().then(() => undefined));
  return (await kernel.get(httpServiceToken).listen()).url;
}

describe('issue 14 §5: smaller defects of the edge', () => {
  it('takes the authorization scheme in any case (RFC 9110) on REST and MCP', async () => {
    const url = await runtime({}, mcpPlugin({ http: { path: '/mcp' } }));
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      expect((await httpCall(`${url}/api/v1/tools`, 'GET', { authorization: `${scheme} ${TOKEN}` })).status).toBe(200);
      const initialize = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'case', version: '1' } },
      });
      const mcp = await httpCall(
        `${url}/mcp`,
        'POST',
        { authorization: `${scheme} ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        initialize,
      );
      expect(mcp.status).toBe(200);
    }
  });

  it('shows /ready and /health details to loopback and authenticated callers, status only to others', async () => {
    // Behind a trusted proxy on loopback, the client address is the forwarded one.
    const url = await runtime({ trustedProxies: ['127.0.0.1', '::1'] }, healthPlugin(), database());
    const remote = { 'x-forwarded-for': '203.0.113.9' };
    for (const path of ['/ready', '/health']) {
      const anonymous = await httpCall(`${url}${path}`, 'GET', remote);
      expect(anonymous.status).toBe(200);
      expect(JSON.parse(anonymous.body)).toEqual({ status: 'pass' });
      const authenticated = JSON.parse((await httpCall(`${url}${path}`, 'GET', { ...remote, authorization: `Bearer ${TOKEN}` })).body);
      expect(authenticated.checks['db:ping']).toBeDefined();
      const loopback = JSON.parse((await httpCall(`${url}${path}`, 'GET')).body);
      expect(loopback.checks['db:ping']).toBeDefined();
      expect((await httpCall(`${url}${path}`, 'GET', { ...remote, authorization: 'Bearer wrong-token-0123456789' })).status).toBe(401);
    }
    // A forged hop left of the proxy's own entry is not believed: the nearest untrusted hop is the client.
    const forged = await httpCall(`${url}/health`, 'GET', { 'x-forwarded-for': '127.0.0.1, 203.0.113.9' });
    expect(JSON.parse(forged.body)).toEqual({ status: 'pass' });
  });

  it('answers a CORS preflight from an allowed origin with 204 before authentication; the real request still needs its token', async () => {
    const url = await runtime({ cors: { origins: ['https://app.example'] } });
    const origin = 'https://app.example';
    const preflight = await httpCall(`${url}/api/v1/tools`, 'OPTIONS', { origin, 'access-control-request-method': 'GET' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({ 'access-control-allow-origin': origin, vary: 'Origin' });
    expect(preflight.headers['access-control-allow-methods']).toContain('GET');
    expect(preflight.headers['access-control-allow-headers']).toContain('authorization');

    const anonymous = await httpCall(`${url}/api/v1/tools`, 'GET', { origin });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers).toMatchObject({ 'access-control-allow-origin': origin, vary: 'Origin' });
    const real = await httpCall(`${url}/api/v1/tools`, 'GET', { origin, authorization: `Bearer ${TOKEN}` });
    expect(real.status).toBe(200);
    expect(real.headers['access-control-allow-origin']).toBe(origin);

    const foreign = await httpCall(`${url}/api/v1/tools`, 'OPTIONS', {
      origin: 'https://evil.example',
      'access-control-request-method': 'GET',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('keeps CORS off by default', async () => {
    const url = await runtime({});
    const preflight = await httpCall(`${url}/api/v1/tools`, 'OPTIONS', {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'GET',
    });
    expect(preflight.status).not.toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
