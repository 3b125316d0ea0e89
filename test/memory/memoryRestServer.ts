import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createKernel, type Kernel } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin, memoryServiceToken, type MemoryService } from '@cortex-os/plugin-memory';

/** A 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: JSON bodies of every route, read field by field in assertions
  body: any;
}

export interface MemoryRestServer {
  /** The memory service behind the routes, for checks the API does not expose. */
  readonly memory: MemoryService;
  /** The running kernel (its tools, resources). */
  kernel(): Kernel;
  send(method: string, path: string, body?: unknown, raw?: string): Promise<Answer>;
}

/**
 * One real server for every test in the calling file (real SQLite file, real HTTP on 127.0.0.1),
 * started in its beforeAll and stopped in its afterAll.
 */
export function useMemoryRestServer(): MemoryRestServer {
  const dir = mkdtempSync(join(tmpdir(), 'memory-rest-'));
  let kernel: Kernel | undefined;
  let base = '';
  let memory: MemoryService | undefined;
  beforeAll(async () => {
    kernel = createKernel({
      plugins: [
        httpPlugin({ port: 0, metrics: { enabled: false, path: '/metrics', defaultMetrics: false }, tracing: { enabled: false } }),
        routerPlugin(),
        localEmbeddersPlugin(),
        memoryPlugin({
          dataDir: dir,
          store: { kind: 'sqlite', vectorIndex: 'hnsw', synchronous: 'normal' },
          rest: { enabled: true, prefix: '/memories', bodyLimitBytes: 2 * 1024 * 1024 },
        }),
      ],
    });
    await kernel.start();
    base = (await kernel.get(httpServiceToken).listen()).url;
    memory = kernel.get(memoryServiceToken);
  });
  afterAll(async () => {
    await kernel?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    get memory(): MemoryService {
      if (memory === undefined) throw new Error('the memory REST server is not started (use it inside tests)');
      return memory;
    },
    kernel() {
      if (kernel === undefined) throw new Error('the server is not started');
      return kernel;
    },
    async send(method, path, body, raw) {
      const response = await fetch(`${base}${path}`, {
        method,
        ...(body === undefined && raw === undefined
          ? {}
          : { headers: { 'content-type': 'application/json' }, body: raw ?? JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
}
