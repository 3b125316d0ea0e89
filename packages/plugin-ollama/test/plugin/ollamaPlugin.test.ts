import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createKernel, createLogger, policyRouterToken, routerPlugin } from '@cortex-os/kernel';
import { ollamaPlugin } from '@cortex-os/plugin-ollama';
import { sendJson, startTestHttpServer } from '../../../../test/support/testHttpServer.js';

const quiet = () => createLogger({ level: 'debug', destination: new Writable({ write: (_c, _e, cb) => cb() }) as never });

describe('ollamaPlugin', () => {
  it('provides an Ollama provider the router embeds with', async () => {
    await using server = await startTestHttpServer((_request, response) => sendJson(response, 200, { model: 'nomic-embed-text', embeddings: [[1, 0, 0]] }));
    await using kernel = createKernel({ plugins: [routerPlugin(), ollamaPlugin({ baseUrl: server.url, embedding: { model: 'nomic-embed-text', dimensions: 3 } })], logger: quiet() });
    await kernel.start();
    const result = await kernel.get(policyRouterToken).embed(['hello']);
    expect(result).toMatchObject({ provider: 'ollama', model: 'nomic-embed-text' });
  });
});
