import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createKernel, createLogger, policyRouterToken, routerPlugin } from '@cortex-os/kernel';
import { openAiPlugin } from '@cortex-os/plugin-openai';
import { sendJson, startTestHttpServer } from '../../../../test/support/testHttpServer.js';

const quiet = () => createLogger({ level: 'debug', destination: new Writable({ write: (_c, _e, cb) => cb() }) as never });

describe('openAiPlugin', () => {
  it('provides an OpenAI-compatible provider the router generates with', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, { model: 'm1', choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }] }),
    );
    await using kernel = createKernel({ plugins: [routerPlugin(), openAiPlugin({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] })], logger: quiet() });
    await kernel.start();
    const result = await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'ping' }]);
    expect(result).toMatchObject({ provider: 'openai', text: 'pong' });
  });
});
