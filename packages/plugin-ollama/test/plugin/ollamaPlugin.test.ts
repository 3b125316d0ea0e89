import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectModelStream, modelProviderToken, policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel, expectCortexError } from '@cortex-os/kernel/testing';
import { createOllamaProvider, ollamaPlugin } from '@cortex-os/plugin-ollama';
import { sendJson, sendNdjson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

/** True when `createKernel` accepts the plugin's options (assembly parses them; nothing starts). */
const assembles = (options: unknown): boolean => {
  try {
    createTestKernel({ plugins: [ollamaPlugin(options as never)] });
    return true;
  } catch {
    return false;
  }
};

describe('ollamaPlugin', () => {
  it('provides an Ollama provider the router embeds with', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, { model: 'nomic-embed-text', embeddings: [[1, 0, 0]] }),
    );
    await using kernel = createTestKernel({
      plugins: [routerPlugin(), ollamaPlugin({ baseUrl: server.url, embedding: { model: 'nomic-embed-text', dimensions: 3 } })],
    });
    await kernel.start();
    const result = await kernel.get(policyRouterToken).embed(['hello']);
    expect(result).toMatchObject({ provider: 'ollama', model: 'nomic-embed-text' });
  });

  it('is routed requests with tools and streams, and skipped for tools when it declares toolCalling: false', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendNdjson(response, [
        {
          model: 'qwen3',
          message: { role: 'assistant', content: '', tool_calls: [{ id: 'call_1', function: { name: 'search', arguments: { q: 'x' } } }] },
          done: false,
        },
        { model: 'qwen3', message: { role: 'assistant', content: '' }, done: true, done_reason: 'stop', eval_count: 3 },
      ]),
    );
    const tools = [{ name: 'search', description: 'Search', inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }];
    await using kernel = createTestKernel({
      plugins: [routerPlugin(), ollamaPlugin({ baseUrl: server.url, generationModels: ['qwen3'] })],
    });
    await kernel.start();
    const routed = await kernel.get(policyRouterToken).stream([{ role: 'user', content: 'Find x' }], { tools, toolChoice: 'required' });
    expect(routed.provider).toBe('ollama');
    expect(await collectModelStream(routed.parts)).toEqual({
      text: '',
      toolCalls: [{ id: 'call_1', name: 'search', arguments: '{"q":"x"}' }],
      finishReason: 'tool_calls',
      usage: { outputTokens: 3 },
    });

    await using plain = createTestKernel({
      plugins: [routerPlugin(), ollamaPlugin({ baseUrl: server.url, generationModels: ['gemma3'], toolCalling: false })],
    });
    await plain.start();
    const refused = await expectCortexError(
      plain.get(policyRouterToken).generate([{ role: 'user', content: 'Find x' }], { tools }),
      'ROUTER_NO_PROVIDER',
    );
    expect(refused.message).toContain('ollama');
    expect(refused.message).toContain('tools');
    expect(server.requests).toHaveLength(1);
  });

  it('rejects an option of the wrong type when the runtime is assembled, naming the plugin and the field', () => {
    expect(() => createTestKernel({ plugins: [ollamaPlugin({ baseUrl: 42 } as never)] })).toThrow(
      'Cannot assemble the runtime: 1 problem:\n  - [PLUGIN_OPTIONS_INVALID] Plugin "ollama" options are invalid: baseUrl: Invalid input: expected an http(s) URL such as "http://127.0.0.1:11434".',
    );
    expect(() => createTestKernel({ plugins: [ollamaPlugin({ baseUrl: 'ftp://127.0.0.1:11434' })] })).toThrow(
      'Plugin "ollama" options are invalid: baseUrl: Invalid URL: expected an http(s) URL such as "http://127.0.0.1:11434".',
    );
  });

  it('rejects an unknown key, so a typo is reported instead of ignored', () => {
    expect(() =>
      createTestKernel({ plugins: [ollamaPlugin({ embeding: { model: 'nomic-embed-text', dimensions: 768 } } as never)] }),
    ).toThrow('Plugin "ollama" options are invalid: (root): Unrecognized key: "embeding".');
  });

  it('lists every invalid field at once, nested ones by their path', () => {
    expect(() =>
      createTestKernel({
        plugins: [ollamaPlugin({ embedding: { model: 'nomic-embed-text', dimensions: 1.5 }, timeoutMs: 0, fetch: 'fetch' } as never)],
      }),
    ).toThrow(
      'Plugin "ollama" options are invalid: embedding.dimensions: Invalid input: expected int, received number; timeoutMs: Too small: expected number to be >0; fetch: Invalid input: expected a function.',
    );
  });

  it('accepts what the factory accepts: a loopback URL, an empty URL (not configured), keys set to undefined, a custom fetch', async () => {
    await using kernel = createTestKernel({
      plugins: [
        ollamaPlugin({
          baseUrl: 'http://127.0.0.1:11434',
          keepAlive: '5m',
          generationModels: ['llama3.2'],
          fetch: globalThis.fetch,
          name: undefined,
          timeoutMs: undefined,
        } as never),
      ],
    });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.name)).toEqual(['ollama']);
    expect(assembles({ baseUrl: '' })).toBe(true);
    expect(assembles(undefined)).toBe(true);
  });

  it('accepts every http(s) URL, and never a base URL the provider factory would reject', () => {
    const factoryAccepts = (baseUrl: string): boolean => {
      try {
        createOllamaProvider({ baseUrl });
        return true;
      } catch {
        return false;
      }
    };
    fc.assert(
      fc.property(
        fc.webUrl({
          validSchemes: ['http', 'https'],
          authoritySettings: { withIPv4: true, withIPv6: true, withIPv4Extended: true, withUserInfo: true, withPort: true },
          withQueryParameters: true,
          withFragments: true,
        }),
        (baseUrl) => {
          expect(assembles({ baseUrl })).toBe(true);
        },
      ),
      { seed: 11434, numRuns: 100 },
    );
    // The schema is stricter than `new URL` on sloppy forms such as "http:host", never looser.
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.webUrl({ validSchemes: ['http', 'https', 'ftp', 'file'] }),
          fc.constantFrom('', 'http:x', 'ftp://h', 'http://a b'),
        ),
        (baseUrl) => {
          if (assembles({ baseUrl })) expect(factoryAccepts(baseUrl)).toBe(true);
        },
      ),
      { seed: 11434, numRuns: 150 },
    );
  });
});
