// A small runtime for drain.test.ts, run as a real child process against the built packages.
// Prints `listening <url>`, `arrived <n>` per slow request, `phase <phase>` on each HTTP phase,
// `stopped <ok>`; the slow requests wait until a `release` line arrives on stdin.
import { closeStdin, released } from '../support/stdinRelease.mjs';
import { createKernel, definePlugin, createLogger } from '../../packages/kernel/dist/index.js';
import { httpServiceToken } from '../../packages/http-api/dist/index.js';
import { httpPlugin } from '../../packages/plugin-http/dist/index.js';
import { startRuntime } from '../../packages/runtime/dist/index.js';
import { healthPlugin } from '../../packages/plugin-health/dist/index.js';

// The test may stop reading once it has what it needs.
process.stdout.on('error', () => undefined);

let arrived = 0;
const slowPlugin = definePlugin({
  name: 'slow',
  version: '1.0.0',
  requires: { http: httpServiceToken },
  start({ deps }) {
    deps.http.route({
      method: 'GET',
      path: '/slow',
      async handler() {
        arrived += 1;
        process.stdout.write(`arrived ${arrived}\n`);
        await released;
        return { done: true };
      },
    });
  },
  stop() {
    // stdin would keep the process alive: the runtime must exit by itself once stopped.
    closeStdin();
    process.stdout.write('slow plugin stopped\n');
  },
});

const kernel = createKernel({
  plugins: [
    httpPlugin({ port: 0, drain: { delayMs: 0, deadlineMs: 15_000 }, metrics: { defaultMetrics: false } }),
    healthPlugin(),
    slowPlugin(),
  ],
  logger: createLogger({ level: 'silent' }),
});
const runtime = await startRuntime(kernel);
runtime.http.onPhase((phase) => process.stdout.write(`phase ${phase}\n`));
process.stdout.write(`listening ${runtime.address.url}\n`);
kernel.events.observe('*').subscribe({
  complete: () => {
    void runtime.stop().then((report) => process.stdout.write(`stopped ${report.ok}\n`));
  },
});
