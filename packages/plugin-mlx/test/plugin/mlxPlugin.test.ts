import { describe, expect, it } from 'vitest';
import { definePlugin } from '@cortex-os/kernel';
import { modelProviderToken, policyRouterToken, routerPlugin, type ModelProvider } from '@cortex-os/kernel/router';
import { createTestKernel } from '@cortex-os/kernel/testing';
import { mlxPlugin, type PythonWorkerLogEntry } from '@cortex-os/plugin-mlx';

/** A stand-in second provider serving the same model, so the router has somewhere to fall back to. */
const fallbackProvider: ModelProvider = {
  name: 'stand-in',
  capabilities: { operations: ['generate'], generationModels: ['m'], locality: 'local', relativeCost: 0 },
  health: () => Promise.resolve({ available: true }),
  generate: () => Promise.resolve({ model: 'm', text: 'from the stand-in', finishReason: 'stop' }),
};

describe('mlxPlugin', () => {
  it('off Apple silicon, lets the router fall back without starting Python', async () => {
    const standIn = definePlugin({
      name: 'stand-in',
      version: '1.0.0',
      provides: { provider: modelProviderToken },
      start: () => ({ provider: fallbackProvider }),
    });
    await using kernel = createTestKernel({
      plugins: [
        routerPlugin({ order: ['mlx', 'stand-in'], retry: false }),
        mlxPlugin({ generationModels: ['m'], platform: { os: 'linux', arch: 'x64' } }),
        standIn(),
      ],
    });
    await kernel.start();
    const result = await kernel.get(policyRouterToken).generate([{ role: 'user', content: 'hi' }]);
    expect(result).toMatchObject({ provider: 'stand-in', fellBack: true, text: 'from the stand-in' });
  });

  it('rejects an option of the wrong type when the runtime is assembled, naming the plugin and the field', () => {
    expect(() => createTestKernel({ plugins: [mlxPlugin({ requestTimeoutMs: '2m' } as never)] })).toThrow(
      'Cannot assemble the runtime: 1 problem:\n  - [PLUGIN_OPTIONS_INVALID] Plugin "mlx" options are invalid: requestTimeoutMs: Invalid input: expected number, received string.',
    );
    expect(() =>
      createTestKernel({
        plugins: [mlxPlugin({ embedding: { model: 'e', dimensions: 384, modalities: ['video'] }, logger: 'console' } as never)],
      }),
    ).toThrow(
      'Plugin "mlx" options are invalid: logger: Invalid input: expected a function; embedding.modalities[0]: Invalid option: expected one of "text"|"image"|"audio".',
    );
  });

  it('rejects an unknown key, so a typo is reported instead of ignored', () => {
    expect(() => createTestKernel({ plugins: [mlxPlugin({ generationModel: ['m'] } as never)] })).toThrow(
      'Plugin "mlx" options are invalid: (root): Unrecognized key: "generationModel".',
    );
    expect(() => createTestKernel({ plugins: [mlxPlugin({ platform: { os: 'linux', arch: 'x64', libc: 'glibc' } } as never)] })).toThrow(
      'Plugin "mlx" options are invalid: platform: Unrecognized key: "libc".',
    );
  });

  it('rejects an embedding model in server mode, as the factory would at start', () => {
    expect(() =>
      createTestKernel({
        plugins: [mlxPlugin({ serverUrl: 'http://127.0.0.1:8080/v1', embedding: { model: 'e', dimensions: 384 } })],
      }),
    ).toThrow(
      'Plugin "mlx" options are invalid: embedding: embedding is not available in server mode (serverUrl): mlx_lm.server serves chat completions only; use worker mode for embeddings.',
    );
  });

  it('accepts the worker and server options the factory accepts, and keys set to undefined', async () => {
    const logged: string[] = [];
    await using kernel = createTestKernel({
      plugins: [
        mlxPlugin({
          python: 'python3',
          env: { PYTHONPATH: '/opt/mlx' },
          concurrency: 2,
          restartBackoff: { initialMs: 0, maxMs: 1_000 },
          logger: (entry: PythonWorkerLogEntry) => logged.push(entry.message),
          embedding: { model: 'e', dimensions: 384, modalities: ['text', 'image'] },
          platform: { os: 'linux', arch: 'x64' },
          script: undefined, // as `process.env.MLX_WORKER_SCRIPT` is when unset
        } as never),
      ],
    });
    await kernel.start();
    expect(kernel.get(modelProviderToken).map((p) => p.capabilities.embedding?.modalities)).toEqual([['text', 'image']]);
    expect(() =>
      createTestKernel({ plugins: [mlxPlugin({ serverUrl: 'http://127.0.0.1:8080/v1', generationModels: ['m'] })] }),
    ).not.toThrow();
  });
});
