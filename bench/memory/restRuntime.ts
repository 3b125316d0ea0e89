// The runtime rest.bench.ts measures, assembled from the built packages (packages/*/dist):
// kernel + policy router + local hashing embedder + memory plugin (embedded SQLite, its defaults:
// HNSW index, synchronous 'full'), and, for the REST case, the HTTP plugin on 127.0.0.1.
// The same wiring as test/memory/memoryRest.test.ts, with the plugins' default options.
import { createKernel, createLogger, type Kernel } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { httpServiceToken } from '@cortex-os/http-api';
import { httpPlugin } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import {
  type GroupCommitOptions,
  type IndexCatchUpOptions,
  type MemoryService,
  memoryPlugin,
  memoryServiceToken,
} from '@cortex-os/plugin-memory';

/** A started runtime: its kernel, its memory service, and with `http` the REST API's base URL. */
export interface MemoryRuntime {
  readonly kernel: Kernel;
  readonly memory: MemoryService;
  readonly url: string | undefined;
}

/** What {@link startMemoryRuntime} starts. */
export interface MemoryRuntimeOptions {
  readonly dataDir: string;
  readonly http: boolean;
  /** The store's group commit (default: the store's default). */
  readonly groupCommit?: GroupCommitOptions | false;
  /** How committed vectors reach the HNSW graph (default: the store's default, off the write path). */
  readonly indexCatchUp?: IndexCatchUpOptions | false;
}

/** Starts the runtime; with `http`, also the REST API on 127.0.0.1 (any free port). */
export async function startMemoryRuntime({ dataDir, http, groupCommit, indexCatchUp }: MemoryRuntimeOptions): Promise<MemoryRuntime> {
  const kernel = createKernel({
    plugins: [
      ...(http ? [httpPlugin({ host: '127.0.0.1', port: 0 })] : []),
      routerPlugin(),
      localEmbeddersPlugin(),
      memoryPlugin({
        dataDir,
        store: {
          kind: 'sqlite',
          ...(groupCommit === undefined ? {} : { groupCommit }),
          ...(indexCatchUp === undefined ? {} : { indexCatchUp }),
        },
        rest: { enabled: http },
      }),
    ],
    logger: createLogger({ level: 'warn' }),
  });
  await kernel.start();
  const service = http ? kernel.get(httpServiceToken) : undefined;
  // The memory routes mount under the REST base path (/api/v1).
  const url = service === undefined ? undefined : `${(await service.listen()).url}${service.restBasePath}`;
  return { kernel, memory: kernel.get(memoryServiceToken), url };
}
