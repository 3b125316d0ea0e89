// Server process for http.bench.mjs: `node server.mjs bare|cortex` prints its port, serves
// GET /live and POST /tools/bench.echo, and runs until killed.
import http from 'node:http';

const mode = process.argv[2];
// The bench asks for this process's CPU time over IPC before and after each load.
process.on('message', (message) => {
  if (message === 'cpu') process.send(process.cpuUsage());
});
const LIVE = JSON.stringify({ status: 'pass' });

if (mode === 'bare') {
  // What a user would write by hand: the same bodies, no framework.
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/live') {
      res.writeHead(200, { 'content-type': 'application/health+json; charset=utf-8', 'content-length': Buffer.byteLength(LIVE) });
      res.end(LIVE);
      return;
    }
    if (req.method === 'POST' && req.url === '/tools/bench.echo') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const input = JSON.parse(body);
        const out = JSON.stringify({ tool: 'bench.echo', structured: { text: input.text }, content: [], durationMs: 0 });
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      });
      return;
    }
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
} else {
  const { createKernel, createLogger, defineTool } = await import('../../packages/kernel/dist/index.js');
  const { httpPlugin, startHttpRuntime } = await import('../../packages/plugin-http/dist/index.js');
  const { healthPlugin } = await import('../../packages/plugin-health/dist/index.js');
  const zodPath = new URL('../../packages/plugin-http/node_modules/zod/index.js', import.meta.url);
  const { z } = await import(zodPath.href);
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
  const runtime = await startHttpRuntime(kernel);
  process.stdout.write(`${runtime.address.port}\n`);
}
