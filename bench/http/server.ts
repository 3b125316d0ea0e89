// Server process for http.bench.ts: `node server.ts bare|cortex` prints its port, serves
// GET /live and POST /api/v1/tools/bench.echo, and runs until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKernel, createLogger, defineTool } from '@cortex-os/kernel';
import { healthPlugin } from '@cortex-os/plugin-health';
import { httpPlugin } from '@cortex-os/plugin-http';
import { startRuntime } from '@cortex-os/runtime';
import { z } from 'zod';

const LIVE = JSON.stringify({ status: 'pass' });

/** What a user would write by hand: the same bodies, no framework. */
function serveBare(): void {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/live') {
      res.writeHead(200, { 'content-type': 'application/health+json; charset=utf-8', 'content-length': Buffer.byteLength(LIVE) });
      res.end(LIVE);
      return;
    }
    if (req.method === 'POST' && req.url === '/api/v1/tools/bench.echo') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => {
        body += chunk;
      });
      req.on('end', () => {
        const input = JSON.parse(body) as { text: string };
        const out = JSON.stringify({ tool: 'bench.echo', structured: { text: input.text }, content: [], durationMs: 0 });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      });
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
}

/** The http and health plugins with the same trivial tool. */
async function serveCortex(): Promise<void> {
  const kernel = createKernel({ plugins: [httpPlugin({ port: 0 }), healthPlugin()], logger: createLogger({ level: 'warn' }) });
  kernel.tools.register(
    defineTool({
      name: 'bench.echo',
      description: 'Echoes its text.',
      input: z.object({ text: z.string() }),
      output: z.object({ text: z.string() }),
      handler: ({ text }) => ({ text }),
    }),
  );
  const runtime = await startRuntime(kernel);
  process.stdout.write(`${runtime.address?.port}\n`);
}

// The bench asks for this process's CPU time over IPC before and after each load.
process.on('message', (message) => {
  if (message === 'cpu') process.send?.(process.cpuUsage());
});
if (process.argv[2] === 'bare') serveBare();
else await serveCortex();
