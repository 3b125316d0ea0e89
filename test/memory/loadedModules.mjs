// Child of postgresEntry.test.ts: imports what argv[2] names (`sqlite`, `plugin` or `postgres`),
// uses it, and prints every module URL Node resolved, one JSON line.
import { registerHooks } from 'node:module';

const resolved = [];
registerHooks({
  resolve(specifier, context, nextResolve) {
    const result = nextResolve(specifier, context);
    resolved.push(result.url);
    return result;
  },
});

const { memoryPlugin, createSqliteMemoryStore } = await import('@cortex-os/plugin-memory');
const mode = process.argv[2];
if (mode === 'sqlite') {
  await using store = await createSqliteMemoryStore();
  await store.store({ text: 'The deploy key rotates every 90 days' });
  await store.search({ query: 'deploy key', mode: 'keyword' });
} else if (mode === 'plugin') {
  memoryPlugin({ store: { kind: 'sqlite' } });
} else {
  await import('@cortex-os/plugin-memory/postgres');
}
console.log(JSON.stringify(resolved));
