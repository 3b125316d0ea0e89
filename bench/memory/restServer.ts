// Server process for rest.bench.ts: `node restServer.ts <dataDir> [groupCommit JSON]` starts the memory runtime
// with its REST API on 127.0.0.1, prints its base URL, answers 'cpu' over IPC with this
// process's CPU time, and on 'stop' stops the kernel (closing the store) and exits.
import { startMemoryRuntime } from './restRuntime.ts';

const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: node restServer.ts <dataDir>');
// The store's group commit as JSON (`false`, `{"windowMs":2}`); absent: the store's default.
const groupCommit = process.argv[3] === undefined ? undefined : (JSON.parse(process.argv[3]) as false | { windowMs?: number });
const { kernel, url } = await startMemoryRuntime({ dataDir, http: true, ...(groupCommit === undefined ? {} : { groupCommit }) });
process.on('message', async (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
  if (message === 'stop') {
    await kernel.stop();
    process.disconnect();
  }
});
process.stdout.write(`${url}\n`);
