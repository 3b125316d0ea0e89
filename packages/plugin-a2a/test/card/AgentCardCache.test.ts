import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { AgentCardCache } from '@cortex-os/plugin-a2a';
import { afterEach, describe, expect, it } from 'vitest';

const card = {
  name: 'Weather',
  description: 'Answers weather questions.',
  url: 'http://127.0.0.1:4000/a2a',
  version: '1.0.0',
  skills: [],
};

let server: Server | undefined;

/** A real HTTP server on 127.0.0.1 answering each request with the next body; counts requests. */
async function serve(bodies: readonly (object | string | number)[]): Promise<{ base: string; paths: string[] }> {
  const paths: string[] = [];
  server = createServer((request, response) => {
    const body = bodies[Math.min(paths.length, bodies.length - 1)];
    paths.push(request.url ?? '');
    if (typeof body === 'number') response.writeHead(body).end();
    else response.writeHead(200, { 'content-type': 'application/json' }).end(typeof body === 'string' ? body : JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, paths };
}

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

describe('AgentCardCache', () => {
  it('fetches the well-known card once while fresh, again once stale', async () => {
    const { base, paths } = await serve([card, { ...card, version: '2.0.0' }]);
    let now = 0;
    const cache = new AgentCardCache({ ttlMs: 1000, now: () => now });
    expect((await cache.get(base)).version).toBe('1.0.0');
    now = 999;
    expect((await cache.get(base)).version).toBe('1.0.0');
    now = 1000;
    expect((await cache.get(base)).version).toBe('2.0.0');
    expect(paths).toEqual(['/.well-known/agent-card.json', '/.well-known/agent-card.json']);
  });

  it('reports HTTP errors, bad JSON and invalid cards as typed errors, and does not cache failures', async () => {
    const { base, paths } = await serve([503, 'not json', { name: 'x' }, card]);
    const cache = new AgentCardCache();
    const down = await expectCortexError(cache.get(base), 'A2A_REMOTE_FAILED');
    expect(down.message).toContain('HTTP 503');
    await expectCortexError(cache.get(base), 'A2A_CARD_INVALID');
    await expectCortexError(cache.get(base), 'A2A_CARD_INVALID');
    expect((await cache.get(base)).name).toBe('Weather');
    expect(paths).toHaveLength(4);
  });

  it('reports an agent that is not listening', async () => {
    const { base } = await serve([card]);
    await new Promise((resolve) => server?.close(resolve));
    await expectCortexError(new AgentCardCache().get(base), 'A2A_REMOTE_FAILED');
  });
});
