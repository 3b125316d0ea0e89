import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken, routerPlugin } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { openAiPlugin } from '@cortex-os/plugin-openai';
import { sendJson, startTestHttpServer } from '@cortex-os/provider-kit/testing';

/** The error `createKernel` throws for these plugin options. */
const assemblyError = (options: unknown): CortexError => {
  try {
    createTestKernel({ plugins: [openAiPlugin(options as never)] });
  } catch (error) {
    if (CortexError.is(error)) return error;
    throw error;
  }
  throw new Error('expected createKernel to throw');
};

describe('openAiPlugin', () => {
  it('provides an OpenAI-compatible provider the router generates with', async () => {
    await using server = await startTestHttpServer((_request, response) =>
      sendJson(response, 200, {
        model: 'm1',
        choices: [{ index: 0, message: { role: 'assistant', content: 'pong' }, finish_reason: 'stop' }],
      }),
    );
    await using kernel = createTestKernel({
      plugins: [routerPlugin(), openAiPlugin({ baseUrl: `${server.url}/v1`, generationModels: ['m1'] })],
    });
    await kernel.start();
    const result = await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'ping' }]);
    expect(result).toMatchObject({ provider: 'openai', text: 'pong' });
  });

  it('rejects an option of the wrong type when the runtime is assembled, naming the plugin and the field', () => {
    expect(() => createTestKernel({ plugins: [openAiPlugin({ baseUrl: 'http://127.0.0.1:8080/v1', timeoutMs: '30s' } as never)] })).toThrow(
      'Cannot assemble the runtime: 1 problem:\n  - [PLUGIN_OPTIONS_INVALID] Plugin "openai" options are invalid: timeoutMs: Invalid input: expected number, received string.',
    );
    expect(() => createTestKernel({ plugins: [openAiPlugin({ locality: 'edge' } as never)] })).toThrow(
      'Plugin "openai" options are invalid: locality: Invalid option: expected one of "local"|"remote".',
    );
    expect(() => createTestKernel({ plugins: [openAiPlugin({ baseUrl: 'api.openai.com/v1' })] })).toThrow(
      'Plugin "openai" options are invalid: baseUrl: Invalid URL: expected an http(s) URL such as "http://127.0.0.1:8080/v1".',
    );
  });

  it('rejects an unknown key, naming the key but not its value', () => {
    const error = assemblyError({ apikey: 'sk-test-0123456789abcdef' });
    expect(error.code).toBe('KERNEL_ASSEMBLY_FAILED');
    expect(error.message).toContain('Plugin "openai" options are invalid: (root): Unrecognized key: "apikey".');
    expect(`${error.message}${JSON.stringify(error.details)}`).not.toContain('sk-test-0123456789abcdef');
  });

  it('never echoes a wrongly typed API key in the error', () => {
    for (const apiKey of [{ token: 'sk-test-0123456789abcdef' }, ['sk-test-0123456789abcdef'], 987654321012345]) {
      const error = assemblyError({ apiKey });
      expect(error.message).toMatch(
        /Plugin "openai" options are invalid: apiKey: Invalid input: expected string, received (object|array|number)\.$/,
      );
      const everything = `${error.message}${JSON.stringify(error.details)}${String(error.cause)}`;
      expect(everything).not.toContain('sk-test-0123456789abcdef');
      expect(everything).not.toContain('987654321012345');
    }
  });

  it('accepts what the factory accepts: a loopback URL, an empty URL (not configured), keys set to undefined, headers and a custom fetch', async () => {
    await using kernel = createTestKernel({
      plugins: [
        openAiPlugin({
          baseUrl: 'http://127.0.0.1:8080/v1/',
          apiKey: undefined, // as `process.env.OPENAI_API_KEY` is when unset
          locality: 'local',
          headers: { 'OpenAI-Organization': 'org-1' },
          embedding: { model: 'e', dimensions: 8, sendDimensions: true },
          fetch: globalThis.fetch,
        } as never),
      ],
    });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => [p.name, p.capabilities.locality])).toEqual([['openai', 'local']]);
    expect(() => createTestKernel({ plugins: [openAiPlugin({ baseUrl: '' })] })).not.toThrow();
  });
});
