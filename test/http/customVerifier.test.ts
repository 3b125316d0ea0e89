import { createHmac, timingSafeEqual } from 'node:crypto';
import type { BearerVerifier } from '@cortex-os/http-api/security';
import { definePlugin, defineTool } from '@cortex-os/kernel';
import { createMcpHttpHandler, mcpPlugin } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, startPlainHttpServer, z } from '@cortex-os/plugin-mcp/testing';
import { describe, expect, it } from 'vitest';
import { startTestRuntime } from './runtimeFixture.js';

// A JWT-like verifier written against the public interface only: `<subject>.<expiry>.<hmac>`,
// signed with a key the test holds (a real JWT verifier checks a signature and `exp` the same way).
const KEY = 'verifier-test-key';
const NOW_S = Math.floor(Date.now() / 1000);

function sign(subject: string, expiresAt: number): string {
  const payload = `${subject}.${expiresAt}`;
  return `${payload}.${createHmac('sha256', KEY).update(payload).digest('hex')}`;
}

const signedTokenVerifier: BearerVerifier = {
  verify(token) {
    const [subject, expiry, signature] = token.split('.');
    if (subject === undefined || expiry === undefined || signature === undefined) return undefined;
    const expected = createHmac('sha256', KEY).update(`${subject}.${expiry}`).digest();
    const given = Buffer.from(signature, 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return { id: subject, expiresAt: Number(expiry), scopes: ['tools'] };
  },
};

const ALICE = sign('alice', NOW_S + 3600);
// Expired an hour ago: the edge module refuses it whatever the verifier said.
const EXPIRED = sign('alice', NOW_S - 3600);
const FORGED = `${ALICE.slice(0, -4)}0000`;

/** A tool that answers with the caller the transport authenticated. */
const whoamiPlugin = definePlugin({
  name: 'whoami',
  version: '1.0.0',
  start({ tools }) {
    tools.register(
      defineTool({
        name: 'whoami',
        description: 'Says who is calling.',
        input: z.object({}),
        output: z.object({ transport: z.string(), id: z.string().nullable() }),
        handler: (_input, context) => ({ transport: context.caller.transport, id: context.caller.id ?? null }),
      }),
    );
  },
});

async function mcpWhoami(url: string, token: string): Promise<unknown> {
  const client = new Client({ name: 'verifier-test', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  try {
    return (await client.callTool({ name: 'whoami', arguments: {} })).structuredContent;
  } finally {
    await client.close();
  }
}

function restWhoami(url: string, token: string): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
}

describe('a custom bearer verifier (issue 12 §3: one edge-security module)', () => {
  it('authenticates REST and the mounted MCP endpoint alike, and the tool sees the same principal', async () => {
    await using runtime = await startTestRuntime([whoamiPlugin(), mcpPlugin({ http: { path: '/mcp' } })], {
      auth: { verifiers: [signedTokenVerifier] },
    });

    const rest = await restWhoami(runtime.url('/api/v1/tools/whoami'), ALICE);
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as { structured: unknown }).structured).toEqual({ transport: 'rest', id: 'alice' });
    expect(await mcpWhoami(runtime.url('/mcp'), ALICE)).toEqual({ transport: 'mcp', id: 'alice' });

    for (const refused of [EXPIRED, FORGED]) {
      const answer = await restWhoami(runtime.url('/api/v1/tools/whoami'), refused);
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="cortex-os", error="invalid_token"');
      await expect(mcpWhoami(runtime.url('/mcp'), refused)).rejects.toThrow();
    }
  });

  it('authenticates the standalone MCP endpoint, which has no HTTP plugin, the same way', async () => {
    await using runtime = await startTestRuntime([whoamiPlugin()]);
    const handler = createMcpHttpHandler({ tools: runtime.kernel.tools, auth: { verifiers: [signedTokenVerifier] } });
    const server = await startPlainHttpServer('/mcp', (req, res) => handler.handle(req, res));
    try {
      const url = `http://127.0.0.1:${server.port}/mcp`;
      expect(await mcpWhoami(url, ALICE)).toEqual({ transport: 'mcp', id: 'alice' });
      const refused = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', authorization: `Bearer ${FORGED}` },
        body: '{}',
      });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="cortex-os", error="invalid_token"');
    } finally {
      await handler.close();
      await server.close();
    }
  });
});
