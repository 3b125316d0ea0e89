// HTTP service throughput and tail latency, side by side with a bare Node `http` server answering
// the same bodies, in the same run. Load comes from autocannon on loopback, bounded in time.
// Run after a build: `pnpm build && node bench/http/http.bench.ts` (CASE_SECONDS=5, ROUNDS=2 by default).
// On a shared machine compare the `server CPU per request` rows: req/s moves with other load.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type autocannonModule from 'autocannon';
import { createReport, sized } from '../lib/measure.ts';

// autocannon is CommonJS with `export =` types: require keeps the call exactly as before.
const autocannon = createRequire(import.meta.url)('autocannon') as typeof autocannonModule;
const seconds = Number(process.env['CASE_SECONDS'] ?? sized(5, 0.3));
const connections = Number(process.env['CONNECTIONS'] ?? sized(32, 4));
const rounds = Number(process.env['ROUNDS'] ?? sized(2, 1));
// autocannon counts requests per sample tick and stops only on a tick (1 s, its default), so a
// smoke run ticks every 100 ms to end a load within a fraction of a second; req/s scales back.
const sampleMs = sized(1000, 100);

type Mode = 'bare' | 'cortex';
interface Server {
  readonly child: ChildProcess;
  readonly port: number;
}
interface Totals {
  rps: number;
  p97_5: number;
  p99: number;
  requests: number;
  errors: number;
  cpu: number;
}

async function startServer(mode: Mode): Promise<Server> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./server.ts', import.meta.url)), mode], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const [chunk] = await once(child.stdout as Readable, 'data');
  return { child, port: Number(String(chunk).trim()) };
}

/** The server process's CPU time so far (user + system, µs), asked over IPC. */
async function cpuMicros(child: ChildProcess): Promise<number> {
  child.send('cpu');
  const [usage] = (await once(child, 'message')) as [NodeJS.CpuUsage];
  return usage.user + usage.system;
}

function load(port: number, request: autocannonModule.Request): Promise<autocannonModule.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      { url: `http://127.0.0.1:${port}`, connections, duration: seconds, sampleInt: sampleMs, requests: [request] },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

const cases: ReadonlyArray<{ readonly name: string; readonly request: autocannonModule.Request }> = [
  { name: 'GET /live', request: { method: 'GET', path: '/live' } },
  {
    name: 'POST /api/v1/tools/:name (trivial echo tool)',
    request: {
      method: 'POST',
      path: '/api/v1/tools/bench.echo',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    },
  },
];

/** Loads both servers with every case; rounds alternate bare / cortex. */
async function measure(servers: Record<Mode, Server>): Promise<Map<string, Totals>> {
  const results = new Map<string, Totals>();
  for (const c of cases) {
    for (const mode of ['bare', 'cortex'] as const) await load(servers[mode].port, c.request); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const mode of ['bare', 'cortex'] as const) {
        const cpuBefore = await cpuMicros(servers[mode].child);
        const r = await load(servers[mode].port, c.request);
        const cpu = (await cpuMicros(servers[mode].child)) - cpuBefore;
        const key = `${mode} ${c.name}`;
        const entry = results.get(key) ?? { rps: 0, p97_5: 0, p99: 0, requests: 0, errors: 0, cpu: 0 };
        results.set(key, entry);
        entry.rps += (r.requests.average * (1000 / sampleMs)) / rounds;
        entry.p97_5 += r.latency.p97_5 / rounds;
        entry.p99 += r.latency.p99 / rounds;
        entry.requests += r.requests.total + r.errors + r.timeouts;
        entry.errors += r.errors + r.timeouts + r.non2xx;
        // Server CPU per answered request: far less sensitive to other work on the machine than req/s.
        entry.cpu += cpu / Math.max(1, r.requests.total) / rounds;
      }
    }
  }
  return results;
}

async function stopServers(servers: Record<Mode, Server>): Promise<void> {
  for (const { child } of Object.values(servers)) {
    child.disconnect(); // the IPC channel would keep the server alive after its graceful stop
    child.kill();
    await once(child, 'exit');
  }
}

function addFigures(results: Map<string, Totals>): void {
  const baseline = 'bare node:http server';
  for (const c of cases) {
    const bare = results.get(`bare ${c.name}`);
    const ours = results.get(`cortex ${c.name}`);
    if (bare === undefined || ours === undefined) throw new Error(`no results for ${c.name}`);
    report.add({ case: c.name, metric: 'throughput', unit: 'req/s', value: ours.rps, baseline, baselineValue: bare.rps });
    // autocannon reports no p95; p97.5 is the nearest percentile at or above it (CI's latency gate reads it).
    report.add({ case: c.name, metric: 'p97_5', unit: 'ms', value: ours.p97_5, baseline, baselineValue: bare.p97_5 });
    report.add({ case: c.name, metric: 'p99', unit: 'ms', value: ours.p99, baseline, baselineValue: bare.p99 });
    report.add({ case: c.name, metric: 'server CPU per request', unit: 'µs', value: ours.cpu, baseline, baselineValue: bare.cpu });
    report.add({ case: c.name, metric: 'errors', unit: 'count', value: ours.errors, baseline, baselineValue: bare.errors });
    const rate = (t: Totals) => (t.requests === 0 ? 100 : (t.errors / t.requests) * 100);
    report.add({ case: c.name, metric: 'error_rate', unit: '%', value: rate(ours), baseline, baselineValue: rate(bare) });
  }
}

const report = createReport('http');
// Both servers run for the whole bench (idle while the other is loaded), and the rounds alternate
// bare / cortex, so background load on a shared machine hits both alike.
const servers = { bare: await startServer('bare'), cortex: await startServer('cortex') };
const results = await measure(servers);
await stopServers(servers);
addFigures(results);
report.print([
  `autocannon, ${connections} connections, ${seconds} s per case after a ${seconds} s warm-up, ${rounds} alternating rounds averaged, loopback; server in a child process; cortex = http + health plugins (metrics and tracing on, no OTel SDK)`,
  `server CPU per request = the server process's user + system CPU time during the load / requests answered; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
]);
