// Writer process for killLoop.test.ts: stores, batch-stores and deletes memories through the built
// store, seeded, until killed. Before each operation it prints `begin <op>` (`begin <op> delete <id>`
// for a delete); once the operation has
// resolved (committed) it prints `ack <op> store <ids…>` or `ack <op> delete <id>`.
// It loads its modules first and opens the store only when told (`go` on stdin), so the test can
// start the next writer while it checks the previous cycle: starting Node is most of a cycle.
import { createInterface } from 'node:readline';
import { createSqliteMemoryStore } from '../../packages/plugin-memory/dist/index.js';
import { createDeterministicEmbedder } from '../../packages/plugin-memory/dist/testing/createDeterministicEmbedder.js';

const [dataDir, cycle, seedText] = process.argv.slice(2);
for await (const line of createInterface({ input: process.stdin })) if (line === 'go') break;
let seed = Number(seedText) >>> 0;
/** mulberry32: the same operations for the same seed. */
const random = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
// Save the index often, so kills land before, during and after saves and sidecar renames.
// synchronous 'normal': a commit reaches the operating system before it is acknowledged, which is
// what survives kill -9 (the fsync of 'full' adds power-loss safety this test cannot observe, and
// costs seconds over 20 cycles on a busy disk); killDuringWrites.test.ts runs the default 'full'.
// Odd cycles open the saved graph memory-mapped (hnsw.openSaved 'map'): kills land before and after
// its first change reads the graph, and in the saves that follow.
const hnsw = { openSaved: Number(cycle) % 2 === 1 ? 'map' : 'load' };
const store = await createSqliteMemoryStore({
  dataDir,
  embed: createDeterministicEmbedder(),
  indexSaveEvery: 7,
  synchronous: 'normal',
  hnsw,
});
const mine = [];
for (let op = 0; ; op++) {
  const roll = random();
  if (roll < 0.15 && mine.length > 0) {
    const [id] = mine.splice(Math.floor(random() * mine.length), 1);
    process.stdout.write(`begin ${op} delete ${id}\n`);
    await store.delete(id);
    process.stdout.write(`ack ${op} delete ${id}\n`);
  } else if (roll < 0.4) {
    process.stdout.write(`begin ${op}\n`);
    const size = 2 + Math.floor(random() * 5);
    const batch = await store.storeMany(
      Array.from({ length: size }, (_, j) => ({ text: `c${cycle} op${op} item${j} batch about tides ${Math.floor(random() * 1000)}` })),
    );
    mine.push(...batch.map((m) => m.id));
    process.stdout.write(`ack ${op} store ${batch.map((m) => m.id).join(' ')}\n`);
  } else {
    process.stdout.write(`begin ${op}\n`);
    const m = await store.store({ text: `c${cycle} op${op} single note on moons ${Math.floor(random() * 1000)}`, tags: ['loop'] });
    mine.push(m.id);
    process.stdout.write(`ack ${op} store ${m.id}\n`);
  }
}
