// HTTP service throughput and tail latency, side by side with a bare Node `http` server answering
// the same bodies, in the same run. Load comes from autocannon on loopback, bounded in time.
// Run after a build: `pnpm build && node bench/http/http.bench.mjs` (CASE_SECONDS=5 by default).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createReport } from '../lib/measure.mjs';

const autocannon = createRequire(import.meta.url)('autocannon');
const seconds = Number(process.env.CASE_SECONDS ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 32);

async function startServer(mode) {
  const child = spawn(process.execPath, [new URL('./server.mjs', import.meta.url).pathname, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = await once(child.stdout, 'data');
  return { child, port: Number(String(chunk).trim()) };
}

function load(port, request) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests: [request] }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const cases = [
  { name: 'GET /live', request: { method: 'GET', path: '/live' } },
  { name: 'POST /tools/:name (trivial echo tool)', request: { method: 'POST', path: '/tools/bench.echo', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'hello' }) } },
];

const report = createReport('http');
const rounds = Number(process.env.ROUNDS ?? 2);
// Both servers run for the whole bench (idle while the other is loaded), and the rounds alternate
// bare / cortex, so background load on a shared machine hits both alike.
const servers = { bare: await startServer('bare'), cortex: await startServer('cortex') };
const results = {};
for (const c of cases) {
  for (const mode of ['bare', 'cortex']) await load(servers[mode].port, c.request); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const mode of ['bare', 'cortex']) {
      const r = await load(servers[mode].port, c.request);
      const entry = (results[`${mode} ${c.name}`] ??= { rps: 0, p99: 0, errors: 0 });
      entry.rps += r.requests.average / rounds;
      entry.p99 += r.latency.p99 / rounds;
      entry.errors += r.errors + r.timeouts + r.non2xx;
    }
  }
}
for (const { child } of Object.values(servers)) {
  child.kill();
  await once(child, 'exit');
}
for (const c of cases) {
  const bare = results[`bare ${c.name}`];
  const ours = results[`cortex ${c.name}`];
  report.add({ case: c.name, metric: 'throughput', unit: 'req/s', value: ours.rps, baseline: 'bare node:http server', baselineValue: bare.rps });
  report.add({ case: c.name, metric: 'p99', unit: 'ms', value: ours.p99, baseline: 'bare node:http server', baselineValue: bare.p99 });
  report.add({ case: c.name, metric: 'errors', unit: 'count', value: ours.errors, baseline: 'bare node:http server', baselineValue: bare.errors });
}
report.print([`autocannon, ${connections} connections, ${seconds} s per case after a ${seconds} s warm-up, ${rounds} alternating rounds averaged, loopback; server in a child process; cortex = http + health plugins (metrics and tracing on, no OTel SDK)`]);
