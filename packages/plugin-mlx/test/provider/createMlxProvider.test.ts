import { describe, expect, it } from 'vitest';
import { CortexError } from '@cortex-os/kernel';
import { createMlxProvider } from '@cortex-os/plugin-mlx';
import { expectCortexError } from '@cortex-os/kernel/testing';
import { sendSse, startTestHttpServer } from '@cortex-os/provider-kit/testing';
import { fakeMlxEnv } from '../fixtures/workerEnv.js';

describe('createMlxProvider off Apple silicon', () => {
  it('says plainly why it is unavailable, and never starts Python', async () => {
    // A missing interpreter would change the reason if the provider tried to start one.
    const provider = createMlxProvider({
      platform: { os: 'linux', arch: 'x64' },
      python: 'cortex-no-such-python',
      generationModels: ['m'],
      embedding: { model: 'e', dimensions: 4 },
    });
    expect(await provider.health()).toEqual({ available: false, reason: 'MLX needs Apple silicon (macOS arm64); this host is linux/x64' });
    const error = await expectCortexError(provider.embed!(['x']), 'PROVIDER_UNAVAILABLE');
    expect(error.message).toBe('Provider "mlx" is unavailable: MLX needs Apple silicon (macOS arm64); this host is linux/x64.');
    expect(CortexError.is(error.cause, 'MLX_PLATFORM_UNSUPPORTED')).toBe(true);
    await expectCortexError(provider.generate!([{ role: 'user', content: 'x' }]), 'PROVIDER_UNAVAILABLE');
    await provider.close?.();
  });

  it(`reports this host's platform by default (${process.platform}/${process.arch})`, async () => {
    const provider = createMlxProvider({ generationModels: ['m'] });
    const health = await provider.health();
    if (process.platform === 'darwin' && process.arch === 'arm64') expect(health.reason ?? '').not.toContain('Apple silicon');
    else expect(health.reason).toBe(`MLX needs Apple silicon (macOS arm64); this host is ${process.platform}/${process.arch}`);
    await provider.close?.();
  });
});

describe('createMlxProvider in worker mode (with the mlx test double)', () => {
  it('reports health from the worker: versions, Metal and loaded models', async () => {
    const provider = createMlxProvider({
      dangerouslySkipPlatformCheck: true,
      env: fakeMlxEnv,
      generationModels: ['m'],
      embedding: { model: 'e', dimensions: 4 },
    });
    try {
      await provider.generate!([{ role: 'user', content: 'warm up' }]);
      expect(await provider.health()).toEqual({
        available: true,
        details: {
          mlx_version: '0.0.0+testdouble',
          metal: true,
          models: ['m'],
          python: expect.any(String),
          mlx_lm: '0.0.0+testdouble',
          mlx_embeddings: '0.0.0+testdouble',
        },
      });
    } finally {
      await provider.close?.();
    }
  });

  it('says which module is missing when mlx is not importable', async () => {
    const provider = createMlxProvider({ dangerouslySkipPlatformCheck: true, generationModels: ['m'] });
    try {
      const health = await provider.health();
      expect(health.available).toBe(false);
      expect(health.reason).toBe("python module mlx not importable: No module named 'mlx'");
      const error = await expectCortexError(provider.generate!([{ role: 'user', content: 'x' }]), 'PROVIDER_UNAVAILABLE');
      expect(CortexError.is(error.cause, 'MLX_MODULE_MISSING')).toBe(true);
    } finally {
      await provider.close?.();
    }
  });

  it('says the interpreter is missing', async () => {
    const provider = createMlxProvider({ dangerouslySkipPlatformCheck: true, python: 'cortex-no-such-python', generationModels: ['m'] });
    expect(await provider.health()).toEqual({ available: false, reason: 'Python interpreter "cortex-no-such-python" not found.' });
    await provider.close?.();
  });

  it('generates with streamed tokens and embeds text and images in input order', async () => {
    const provider = createMlxProvider({
      dangerouslySkipPlatformCheck: true,
      env: fakeMlxEnv,
      generationModels: ['m'],
      embedding: { model: 'siglip', dimensions: 4, modalities: ['text', 'image'] },
    });
    try {
      const tokens: string[] = [];
      const result = await provider.generate!([{ role: 'user', content: 'hello mlx' }], { onToken: (t) => tokens.push(t), maxTokens: 2 });
      expect(tokens).toEqual(['echo:', ' hello']);
      expect(result).toEqual({ model: 'm', text: 'echo: hello', finishReason: 'length', usage: { inputTokens: 3, outputTokens: 2 } });
      const image = { modality: 'image' as const, data: new Uint8Array([1, 2, 3, 4, 5]), mediaType: 'image/png' };
      const embedded = await provider.embed!(['abc', image, 'abd']);
      expect(embedded.model).toBe('siglip');
      expect(embedded.vectors).toHaveLength(3);
      const [a, img, b] = embedded.vectors;
      expect(a).not.toEqual(b);
      expect(img).not.toEqual(a);
      // Same input, same vector: the image came back in its own slot.
      expect((await provider.embed!([image])).vectors[0]).toEqual(img);
    } finally {
      await provider.close?.();
    }
  });

  it('turns a worker crash into PROVIDER_REQUEST_FAILED (transient) and serves the next call', async () => {
    const provider = createMlxProvider({
      dangerouslySkipPlatformCheck: true,
      env: fakeMlxEnv,
      generationModels: ['m'],
      restartBackoff: { initialMs: 10 },
    });
    try {
      const error = await expectCortexError(provider.generate!([{ role: 'user', content: '__crash__ please' }]), 'PROVIDER_REQUEST_FAILED');
      expect(error.details).toMatchObject({ provider: 'mlx', reason: 'worker-crashed', mlxCode: 'MLX_WORKER_CRASHED' });
      expect((await provider.generate!([{ role: 'user', content: 'ok' }])).text).toBe('echo: ok');
    } finally {
      await provider.close?.();
    }
  });

  it('reports a model that cannot be loaded as PROVIDER_REQUEST_FAILED', async () => {
    const provider = createMlxProvider({ dangerouslySkipPlatformCheck: true, env: fakeMlxEnv, generationModels: ['missing/model'] });
    try {
      const error = await expectCortexError(provider.generate!([{ role: 'user', content: 'x' }]), 'PROVIDER_REQUEST_FAILED');
      expect(error.message).toBe('Provider "mlx": FileNotFoundError: No model found at missing/model');
    } finally {
      await provider.close?.();
    }
  });
});

describe('createMlxProvider in server mode', () => {
  it('speaks to mlx_lm.server through the OpenAI-compatible client, streaming tokens', async () => {
    const delta = (content: string, finish: string | null) => ({
      model: 'mlx-community/m',
      choices: [{ index: 0, delta: { content }, finish_reason: finish }],
    });
    await using server = await startTestHttpServer((_request, response) =>
      sendSse(response, [delta('Hi', null), delta(' there', 'stop'), '[DONE]']),
    );
    const provider = createMlxProvider({ serverUrl: `${server.url}/v1`, generationModels: ['mlx-community/m'] });
    expect(provider.name).toBe('mlx');
    expect(provider.capabilities).toMatchObject({ operations: ['generate'], locality: 'local', relativeCost: 0 });
    // Tool calling and typed streams go through provider-kit's client (MlxServerProvider.toolCalling.test.ts).
    expect(provider.capabilities).toMatchObject({ tools: true, streaming: true, structuredOutput: false });
    expect(provider.stream).toBeTypeOf('function');
    const tokens: string[] = [];
    const result = await provider.generate!([{ role: 'user', content: 'Hi' }], { onToken: (t) => tokens.push(t) });
    expect(tokens).toEqual(['Hi', ' there']);
    expect(result.text).toBe('Hi there');
    expect(server.requests[0]?.url).toBe('/v1/chat/completions');
  });

  it('refuses embedding options in server mode, which mlx_lm.server does not serve', () => {
    expect(() => createMlxProvider({ serverUrl: 'http://127.0.0.1:8080/v1', embedding: { model: 'e', dimensions: 4 } })).toThrow(
      'embedding is not available in server mode: mlx_lm.server serves chat completions only; use worker mode for embeddings.',
    );
  });
});
