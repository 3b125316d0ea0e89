// A runtime for streamDrain.test.ts, run as a real child process against the built packages:
// HTTP + MCP (mounted on the HTTP service) + a `slow` tool that waits for a `release` line on stdin.
// Prints `listening <url>`, `stream open` / `stream ended` as the HTTP service tracks and ends a
// long-lived stream, `arrived` when the slow tool runs, `phase <phase>`, `stopped <ok>`.
// argv[2] is the drain deadline in ms. Logs (warn and above) go to stderr as JSON lines.
import { closeStdin, released } from '../support/stdinRelease.mjs';
import { z } from 'zod';
import { createKernel, createLogger, definePlugin, defineTool, kernelExtensionPoints } from '../../packages/kernel/dist/index.js';
import { httpPlugin } from '../../packages/plugin-http/dist/index.js';
import { mcpPlugin } from '../../packages/plugin-mcp/dist/index.js';
import { startRuntime } from '../../packages/runtime/dist/index.js';

const deadlineMs = Number(process.argv[2] ?? 30_000);
const say = (line) => process.stdout.write(`${line}\n`);
process.stdout.on('error', () => undefined);

const slow = definePlugin({
  name: 'slow',
  version: '1.0.0',
  contributes: { tools: kernelExtensionPoints.tools },
  start: () => ({
    tools: defineTool({
      name: 'slow',
      description: 'Waits for the test to release it.',
      input: z.object({}),
      output: z.object({ done: z.boolean() }),
      handler: async () => {
        say('arrived');
        await released;
        return { done: true };
      },
    }),
  }),
  stop() {
    // stdin would keep the process alive: the runtime must exit by itself once stopped.
    closeStdin();
  },
});

const kernel = createKernel({
  plugins: [
    httpPlugin({ port: 0, drain: { delayMs: 0, deadlineMs }, metrics: { enabled: false, path: '/metrics', defaultMetrics: false } }),
    slow(),
    mcpPlugin({ http: { path: '/mcp' } }),
  ],
  logger: createLogger({ level: 'warn' }),
});
const runtime = await startRuntime(kernel);
// Observe the service's stream tracking as MCP uses it (the test awaits these lines, never time).
const track = runtime.http.trackStream.bind(runtime.http);
runtime.http.trackStream = (stream) => {
  say('stream open');
  const end = () => {
    say('stream ended');
    return stream.end();
  };
  return track({ description: stream.description, end });
};
runtime.http.onPhase((phase) => say(`phase ${phase}`));
say(`listening ${runtime.address.url}`);
void runtime.stopped.then((report) => say(`stopped ${report.ok}`));
