import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createKernel,
  definePlugin,
  definePrompt,
  defineResource,
  defineTool,
  kernelExtensionPoints,
  type Kernel,
} from '@cortex-os/kernel';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { mcpPlugin } from '@cortex-os/plugin-mcp';
import { Client, StreamableHTTPClientTransport, z } from '@cortex-os/plugin-mcp/testing';

const token = 'plugin-test-token-0123456789';
const contributions = definePlugin({
  name: 'contributions',
  version: '1.0.0',
  contributes: { tools: kernelExtensionPoints.tools, resources: kernelExtensionPoints.resources, prompts: kernelExtensionPoints.prompts },
  start() {
    return {
      tools: defineTool({
        name: 'greet',
        description: 'Greets.',
        input: z.object({ name: z.string() }),
        output: z.object({ greeting: z.string() }),
        handler: ({ name }) => ({ greeting: `Hello, ${name}!` }),
      }),
      resources: defineResource({ uri: 'docs://motd', name: 'motd', mimeType: 'text/plain', read: () => 'Be kind.' }),
      prompts: definePrompt({
        name: 'welcome',
        arguments: z.object({ who: z.string() }),
        render: ({ who }) => [{ role: 'user', content: { type: 'text', text: `Welcome ${who}` } }],
      }),
    };
  },
});

describe('mcpPlugin mounted on the runtime HTTP service (plugin-http mountRaw)', () => {
  let kernel: Kernel;
  let url: string;
  beforeAll(async () => {
    kernel = createKernel({
      plugins: [
        httpPlugin({
          host: '127.0.0.1',
          port: 0,
          auth: { tokens: [{ token, principal: 'ops' }] },
          metrics: { enabled: false, path: '/metrics', defaultMetrics: false },
          tracing: { enabled: false },
        }),
        contributions(),
        mcpPlugin({ http: { path: '/mcp' } }),
      ],
    });
    await kernel.start();
    url = `${(await kernel.get(httpServiceToken).listen()).url}/mcp`;
  });
  afterAll(async () => {
    await kernel.stop();
  });

  it.each(['legacy', 'auto'] as const)('serves tools, resources and prompts to a %s client with the bearer token', async (mode) => {
    const client = new Client({ name: 'c', version: '1' }, { versionNegotiation: { mode } });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    try {
      expect((await client.callTool({ name: 'greet', arguments: { name: 'Ada' } })).structuredContent).toEqual({ greeting: 'Hello, Ada!' });
      expect((await client.readResource({ uri: 'docs://motd' })).contents).toEqual([
        expect.objectContaining({ uri: 'docs://motd', text: 'Be kind.' }),
      ]);
      expect((await client.getPrompt({ name: 'welcome', arguments: { who: 'Bo' } })).messages).toEqual([
        { role: 'user', content: { type: 'text', text: 'Welcome Bo' } },
      ]);
    } finally {
      await client.close();
    }
  });

  it("serves the kernel's own registries live: a resource registered on kernel.resources after start is listed and read", async () => {
    const remove = kernel.resources.register(
      defineResource({ uri: 'docs://late', name: 'late', mimeType: 'text/plain', read: () => 'Later.' }),
    );
    const client = new Client({ name: 'c', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }),
    );
    try {
      expect((await client.listResources()).resources.map((r) => r.uri).sort()).toEqual(['docs://late', 'docs://motd']);
      expect((await client.readResource({ uri: 'docs://late' })).contents).toEqual([expect.objectContaining({ text: 'Later.' })]);
    } finally {
      remove();
      await client.close();
    }
  });

  it('is refused without the token (the HTTP service checks it)', async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{}',
    });
    expect(response.status).toBe(401);
  });
});
