// The runtime rest.bench.mjs measures, assembled from the built packages (packages/*/dist):
// kernel + policy router + local hashing embedder + memory plugin (embedded SQLite, its defaults:
// HNSW index, synchronous 'full'), and, for the REST case, the HTTP plugin on 127.0.0.1.
// The same wiring as test/memory/memoryRest.test.ts, with the plugins' default options.
import { createKernel, createLogger, routerPlugin } from '../../packages/kernel/dist/index.js';
import { httpPlugin, httpServiceToken } from '../../packages/plugin-http/dist/index.js';
import { localEmbeddersPlugin } from '../../packages/plugin-local-embedders/dist/index.js';
import { memoryPlugin, memoryServiceToken } from '../../packages/plugin-memory/dist/index.js';

/** Starts the runtime; with `http`, also the REST API on 127.0.0.1 (any free port). */
export async function startMemoryRuntime({ dataDir, http }) {
  const kernel = createKernel({
    plugins: [
      ...(http ? [httpPlugin({ host: '127.0.0.1', port: 0 })] : []),
      routerPlugin(),
      localEmbeddersPlugin(),
      memoryPlugin({ dataDir, store: { kind: 'sqlite' }, rest: { enabled: http } }),
    ],
    logger: createLogger({ level: 'warn' }),
  });
  await kernel.start();
  const url = http ? (await kernel.get(httpServiceToken).listen()).url : undefined;
  return { kernel, memory: kernel.get(memoryServiceToken), url };
}
