// HTTP service throughput and tail latency, side by side with a bare Node `http` server answering
// the same bodies, in the same run. Load comes from autocannon on loopback, bounded in time.
// Run after a build: `pnpm build && node bench/http/http.bench.mjs` (CASE_SECONDS=5, ROUNDS=2 by default).
// On a shared machine compare the `server CPU per request` rows: req/s moves with other load.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { createReport } from '../lib/measure.mjs';

const autocannon = createRequire(import.meta.url)('autocannon');
const seconds = Number(process.env.CASE_SECONDS ?? 5);
const connections = Number(process.env.CONNECTIONS ?? 32);

async function startServer(mode) {
  const child = spawn(process.execPath, [new URL('./server.mjs', import.meta.url).pathname, mode], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [chunk] = await once(child.stdout, 'data');
  return { child, port: Number(String(chunk).trim()) };
}

/** The server process's CPU time so far (user + system, µs), asked over IPC. */
async function cpuMicros(child) {
  child.send('cpu');
  const [usage] = await once(child, 'message');
  return usage.user + usage.system;
}

function load(port, request) {
  return new Promise((resolve, reject) => {
    autocannon({ url: `http://127.0.0.1:${port}`, connections, duration: seconds, requests: [request] }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

const cases = [
  { name: 'GET /live', request: { method: 'GET', path: '/live' } },
  {
    name: 'POST /tools/:name (trivial echo tool)',
    request: {
      method: 'POST',
      path: '/tools/bench.echo',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    },
  },
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
      const cpuBefore = await cpuMicros(servers[mode].child);
      const r = await load(servers[mode].port, c.request);
      const cpu = (await cpuMicros(servers[mode].child)) - cpuBefore;
      const entry = (results[`${mode} ${c.name}`] ??= { rps: 0, p99: 0, errors: 0, cpu: 0 });
      entry.rps += r.requests.average / rounds;
      entry.p99 += r.latency.p99 / rounds;
      entry.errors += r.errors + r.timeouts + r.non2xx;
      // Server CPU per answered request: far less sensitive to other work on the machine than req/s.
      entry.cpu += cpu / Math.max(1, r.requests.total) / rounds;
    }
  }
}
for (const { child } of Object.values(servers)) {
  child.disconnect(); // the IPC channel would keep the server alive after its graceful stop
  child.kill();
  await once(child, 'exit');
}
for (const c of cases) {
  const bare = results[`bare ${c.name}`];
  const ours = results[`cortex ${c.name}`];
  report.add({
    case: c.name,
    metric: 'throughput',
    unit: 'req/s',
    value: ours.rps,
    baseline: 'bare node:http server',
    baselineValue: bare.rps,
  });
  report.add({ case: c.name, metric: 'p99', unit: 'ms', value: ours.p99, baseline: 'bare node:http server', baselineValue: bare.p99 });
  report.add({
    case: c.name,
    metric: 'server CPU per request',
    unit: 'µs',
    value: ours.cpu,
    baseline: 'bare node:http server',
    baselineValue: bare.cpu,
  });
  report.add({
    case: c.name,
    metric: 'errors',
    unit: 'count',
    value: ours.errors,
    baseline: 'bare node:http server',
    baselineValue: bare.errors,
  });
}
report.print([
  `autocannon, ${connections} connections, ${seconds} s per case after a ${seconds} s warm-up, ${rounds} alternating rounds averaged, loopback; server in a child process; cortex = http + health plugins (metrics and tracing on, no OTel SDK)`,
  `server CPU per request = the server process's user + system CPU time during the load / requests answered; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
]);
