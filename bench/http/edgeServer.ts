// Server process for edge.bench.ts: `node edgeServer.ts <dataDir> <loadSheddingJson> <memories>` starts a runtime
// (http + health + router + local embedder + memory on embedded SQLite) with the given `loadShedding`
// options (`{}`: off) and a POST /api/v1/batch route that validates a 1 MiB array;
// seeds <memories> memories over REST, prints its URL, and runs until killed.
import { httpServiceToken } from '@cortex-os/http-api';
import { createKernel, createLogger, definePlugin } from '@cortex-os/kernel';
import { routerPlugin } from '@cortex-os/kernel/router';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin } from '@cortex-os/plugin-http';
import { localEmbeddersPlugin } from '@cortex-os/plugin-local-embedders';
import { memoryPlugin } from '@cortex-os/plugin-memory';
import { z } from 'zod';

const [dataDir, loadShedding = '{}', seed = '500'] = process.argv.slice(2);
if (dataDir === undefined) throw new Error('usage: node edgeServer.ts <dataDir> <loadSheddingJson> <memories>');

const batch = definePlugin({
  name: 'batch',
  version: '1.0.0',
  requires: { http: httpServiceToken },
  start({ deps }) {
    deps.http.route({
      method: 'POST',
      path: `${deps.http.restBasePath}/batch`,
      body: z.array(z.object({ id: z.number(), text: z.string() })),
      handler: ({ body }) => ({ items: body.length }),
    });
  },
});

const kernel = createKernel({
  plugins: [
    httpPlugin({
      port: 0,
      loadShedding: JSON.parse(loadShedding) as Record<string, number>,
      metrics: { defaultMetrics: false },
    }),
    healthPlugin(),
    routerPlugin(),
    localEmbeddersPlugin(),
    memoryPlugin({ dataDir, store: { kind: 'sqlite' } }),
    batch(),
  ],
  logger: createLogger({ level: 'warn' }),
});
await kernel.start();
const { url } = await kernel.get(httpServiceToken).listen();
const topics = ['billing', 'search', 'onboarding', 'mobile app', 'data warehouse', 'support portal', 'checkout', 'analytics'];
for (let i = 0; i < Number(seed); i++) {
  const text = `Note ${i} about the ${topics[i % topics.length]} project: decision ${i * 7} was taken after review ${i % 13}.`;
  await seedOne(text);
}
process.stdout.write(`${url}\n`);

/** Stores one memory over REST, waiting out the server's own load shedding (503 + Retry-After) while it seeds. */
async function seedOne(text: string): Promise<void> {
  for (;;) {
    const response = await fetch(`${url}/api/v1/memories`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text }),
    });
    if (response.ok) return;
    if (response.status !== 503) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
    await response.body?.cancel();
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
  }
}
