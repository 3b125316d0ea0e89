// Server process for rest.bench.ts: `node restServer.ts <dataDir> [store options JSON]` starts the memory runtime
// with its REST API on 127.0.0.1, prints its base URL, answers 'cpu' over IPC with this
// process's CPU time ('settle': once the HNSW graph caught up), and on 'stop' stops the kernel (closing the store) and exits.
import { type MemoryRuntimeOptions, startMemoryRuntime } from './restRuntime.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: node restServer.ts <dataDir>');
// The store's options as JSON (`{"groupCommit":false}`, `{"indexCatchUp":false}`); absent: the store's defaults.
const store =
  process.argv[3] === undefined ? {} : (JSON.parse(process.argv[3]) as Pick<MemoryRuntimeOptions, 'groupCommit' | 'indexCatchUp'>);
const { kernel, url, memory } = await startMemoryRuntime({ dataDir, http: true, ...store });
process.on('message', async (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
  // Waits until the HNSW graph has taken over every committed vector (indexCatchUp), then answers
  // with the CPU time then and how long it waited: the deferred inserts' cost, counted.
  if (message === 'settle') {
    const start = performance.now();
    while ((await memory.stats()).index.pending !== undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    process.send?.({ cpu: process.cpuUsage(), waitedMs: performance.now() - start });
  }
  if (message === 'stop') {
    await kernel.stop();
    process.disconnect();
  }
});
process.stdout.write(`${url}\n`);
