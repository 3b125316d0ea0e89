// Writer process for killDuringWrites.test.ts: stores memories through the built store and
// prints `ack <id>` once each store() call has resolved (i.e. committed). Runs until killed.
import { createSqliteMemoryStore } from '../../packages/plugin-memory/dist/index.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/dist/testing/createDeterministicEmbedder.js';

const dataDir = process.argv[2];
// Save the index often so the kill lands between saves, leaving log entries to replay.
const store = await createSqliteMemoryStore({ dataDir, embed: createDeterministicEmbedder(), indexSaveEvery: 40 });
for (let i = 0; ; i++) {
  if (i % 10 === 9) {
    const batch = await store.storeMany(
      Array.from({ length: 5 }, (_, j) => ({ text: `batch ${i} item ${j} about kill safety`, tags: ['batch'] })),
    );
    for (const m of batch) process.stdout.write(`ack ${m.id}\n`);
  } else {
    const m = await store.store({ text: `memory ${i} written before the kill`, kind: 'event', metadata: { i } });
    process.stdout.write(`ack ${m.id}\n`);
  }
}
