import { expect, it } from 'vitest';
import { policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { closedPort, sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';
import { createEchoProvider, echoPlugin } from './echoProvider.js';

it('answers through the router from a real HTTP server', async () => {
  await using server = await startTestHttpServer((request, response) =>
    request.url === '/health' ? sendJson(response, 200, { ok: true }) : sendJson(response, 200, { text: 'pong' }),
  );
  await using kernel = createTestKernel({ plugins: [routerPlugin(), echoPlugin({ baseUrl: server.url })] });
  await kernel.start();
  const answer = await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'ping' }]);
  expect(answer).toMatchObject({ provider: 'echo', model: 'echo-1', text: 'pong' });
  expect(JSON.parse(server.requests.at(-1)?.body ?? '')).toEqual({ model: 'echo-1', messages: [{ role: 'user', content: 'ping' }] });
});

it('names a bad option when the runtime is assembled, and a server that is down in its health', async () => {
  expect(() => createTestKernel({ plugins: [routerPlugin(), echoPlugin({ baseUrl: 'echo.local' })] })).toThrow(
    'Plugin "echo" options are invalid: baseUrl: Invalid URL',
  );
  const down = createEchoProvider({ baseUrl: `http://127.0.0.1:${await closedPort()}`, model: 'echo-1' });
  expect(await down.health()).toMatchObject({ available: false, reason: expect.stringContaining('ECONNREFUSED') });
});
