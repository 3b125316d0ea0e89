import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@cortex-os/kernel';
import { policyRouterToken } from '@cortex-os/kernel/router';
import { assembleLocalOnlyRuntime } from '../src/assembleLocalOnlyRuntime.js';

const quiet = createLogger({ destination: new Writable({ write: (_c, _e, cb) => cb() }) });

describe('a localOnly runtime', () => {
  let server: Server;
  let requests = 0;
  let baseUrl = '';
  beforeAll(async () => {
    // A real OpenAI-compatible endpoint on loopback that would answer for the same model: it must never be asked.
    server = createServer((_req, res) => {
      requests += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: [{ object: 'embedding', index: 0, embedding: new Array(384).fill(0.05) }],
          model: 'cortex-hashing-v1-384',
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves embeddings locally and never calls the configured remote provider, even when the request asks to lift localOnly', async () => {
    await using kernel = assembleLocalOnlyRuntime({ logger: quiet, remote: { baseUrl, apiKey: 'sk-test' } });
    await kernel.start();
    const router = kernel.get(policyRouterToken);
    const first = await router.embed(['stay here']);
    const second = await router.embed(['stay here too'], { policy: { localOnly: false } });
    expect(first.provider).toBe('local-hashing');
    expect(second.provider).toBe('local-hashing');
    expect(requests).toBe(0);
  });
});
