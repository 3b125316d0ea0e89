// Child process for dataDirLock.test.ts: opens the store on a folder (taking its lock), writes one
// memory, prints `ready <id>` and waits until it is killed.
import { createSqliteMemoryStore } from '../../packages/plugin-memory/dist/index.js';

const store = await createSqliteMemoryStore({ dataDir: process.argv[2] });
const memory = await store.store({ text: 'written by the lock holder' });
process.stdout.write(`ready ${memory.id}\n`);
setInterval(() => {}, 1 << 30);
